package dev.pipeline.engine.executor.condor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pipeline.engine.executor.Termination;
import dev.pipeline.engine.executor.grid.QueueStatus;
import dev.pipeline.engine.executor.grid.QueueStatus.Phase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers for HTCondor's job information: {@code condor_q -json} and {@code condor_history -json}
 * ClassAds, and the job user log (the event file named by {@code log =}), each reduced to a
 * {@link QueueStatus} per {@code cluster.proc} id.
 */
final class CondorStates {
  /** The attributes the parsers read; ask for these only. */
  static final String ATTRIBUTES =
      "ClusterId,ProcId,JobStatus,HoldReason,HoldReasonCode,RemoveReason,ExitCode,ExitBySignal";

  /** Hold codes for a job over its allowed duration / execute duration: a wall-time kill. */
  private static final int JOB_DURATION_EXCEEDED = 46;
  private static final int JOB_EXECUTE_EXCEEDED = 47;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern EVENT = Pattern.compile("^\\s*(\\d{3}) \\((\\d+)\\.(\\d+)\\.\\d+\\) (.*)$");
  private static final Pattern HOLD_CODE = Pattern.compile("Code (\\d+) Subcode");
  private static final Pattern RETURN_VALUE = Pattern.compile("return value (\\d+)");

  private CondorStates() {}

  /** A JSON array of ClassAds (empty output means no jobs). */
  static Map<String, QueueStatus> parseAds(String json) {
    Map<String, QueueStatus> out = new HashMap<>();
    if (json.isBlank()) {
      return out;
    }
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable HTCondor JSON output: " + e.getMessage(), e);
    }
    for (JsonNode ad : root) {
      if (!ad.has("ClusterId") || !ad.has("JobStatus")) {
        continue;
      }
      String id = ad.get("ClusterId").asText() + "." + ad.path("ProcId").asInt(0);
      out.put(id, status(ad.get("JobStatus").asInt(), ad.path("HoldReasonCode").asInt(0),
          text(ad, "HoldReason"), text(ad, "RemoveReason")));
    }
    return out;
  }

  private static String text(JsonNode ad, String key) {
    JsonNode n = ad.get(key);
    return n == null || n.isNull() ? null : n.asText();
  }

  /** HTCondor's JobStatus codes: 1 idle, 2 running, 3 removed, 4 completed, 5 held, 6, 7. */
  static QueueStatus status(int jobStatus, int holdCode, String holdReason, String removeReason) {
    return switch (jobStatus) {
      case 1 -> QueueStatus.of(Phase.QUEUED, "IDLE");
      case 2 -> QueueStatus.of(Phase.RUNNING, "RUNNING");
      case 3 -> new QueueStatus(Phase.ENDED, "REMOVED", removeReason, Termination.CANCELLED);
      case 4 -> QueueStatus.of(Phase.ENDED, "COMPLETED");
      case 5 -> held(holdCode, holdReason);
      case 6 -> QueueStatus.of(Phase.RUNNING, "TRANSFERRING_OUTPUT");
      case 7 -> QueueStatus.of(Phase.RUNNING, "SUSPENDED");
      default -> QueueStatus.of(Phase.RUNNING, "STATUS_" + jobStatus);
    };
  }

  /**
   * A held job stays in the queue until someone releases it, which the engine will not wait for:
   * it is removed, and one held for running too long counts as a wall-time kill.
   */
  private static QueueStatus held(int code, String reason) {
    boolean overTime = code == JOB_DURATION_EXCEEDED || code == JOB_EXECUTE_EXCEEDED;
    String why = reason == null ? "hold code " + code : reason + " (hold code " + code + ")";
    return new QueueStatus(Phase.STUCK, "HELD", why,
        overTime ? Termination.TIME_LIMIT : Termination.NEVER_STARTED);
  }

  /**
   * The job user log: events separated by {@code ...} lines, each starting {@code NNN
   * (cluster.proc.subproc) date time text}. The last event of a job decides its state.
   */
  static Map<String, QueueStatus> parseUserLog(String text) {
    Map<String, QueueStatus> out = new HashMap<>();
    String id = null;
    int code = -1;
    StringBuilder body = new StringBuilder();
    for (String line : text.split("\n")) {
      Matcher m = EVENT.matcher(line);
      if (m.matches()) {
        id = m.group(2) + "." + Integer.parseInt(m.group(3));
        code = Integer.parseInt(m.group(1));
        body.setLength(0);
        body.append(m.group(4));
      } else if (line.strip().equals("...")) {
        if (id != null) {
          QueueStatus s = event(code, body.toString());
          if (s != null) {
            out.put(id, s);
          }
        }
        id = null;
      } else if (id != null) {
        body.append('\n').append(line.strip());
      }
    }
    return out;
  }

  private static QueueStatus event(int code, String body) {
    return switch (code) {
      case 0, 4, 7, 13 -> QueueStatus.of(Phase.QUEUED, code == 4 ? "EVICTED" : "IDLE");
      case 1, 6, 10, 11 -> QueueStatus.of(Phase.RUNNING, "RUNNING");
      case 5 -> {
        Matcher rv = RETURN_VALUE.matcher(body);
        yield new QueueStatus(Phase.ENDED, "COMPLETED",
            rv.find() ? "return value " + rv.group(1) : "abnormal termination", Termination.NONE);
      }
      case 9 -> new QueueStatus(Phase.ENDED, "REMOVED", firstDetail(body), Termination.CANCELLED);
      case 2 -> new QueueStatus(Phase.ENDED, "EXECUTABLE_ERROR", firstDetail(body), Termination.NONE);
      case 12 -> {
        Matcher hc = HOLD_CODE.matcher(body);
        yield held(hc.find() ? Integer.parseInt(hc.group(1)) : 0, firstDetail(body));
      }
      default -> null; // other events do not change the state
    };
  }

  private static String firstDetail(String body) {
    String[] lines = body.split("\n");
    return lines.length > 1 ? lines[1].strip() : null;
  }
}
