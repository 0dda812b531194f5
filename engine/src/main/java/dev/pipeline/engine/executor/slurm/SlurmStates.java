package dev.pipeline.engine.executor.slurm;

import dev.pipeline.engine.executor.Termination;
import dev.pipeline.engine.executor.grid.QueueStatus;
import dev.pipeline.engine.executor.grid.QueueStatus.Phase;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Parsers for what SLURM prints about jobs: {@code squeue}, {@code sacct} and {@code scontrol}
 * output, reduced to a {@link QueueStatus}. The state says why a job ended; the exit-code file
 * says whether its command succeeded.
 */
final class SlurmStates {
  /** Pending reasons that never clear by themselves: such a job would wait forever. */
  static final Set<String> NEVER_STARTS = Set.of("DependencyNeverSatisfied", "BadConstraints",
      "PartitionTimeLimit", "PartitionNodeLimit", "PartitionConfig", "InvalidAccount",
      "InvalidQOS", "AccountNotAllowed", "QOSNotAllowed");

  private SlurmStates() {}

  /** A state name ({@code TIMEOUT}, {@code CANCELLED by 0}, {@code CA}) and pending reason. */
  static QueueStatus status(String state, String reason) {
    String s = state.strip().toUpperCase(Locale.ROOT);
    int space = s.indexOf(' ');
    if (space > 0) {
      s = s.substring(0, space); // "CANCELLED by 0"
    }
    if (s.endsWith("+")) {
      s = s.substring(0, s.length() - 1); // sacct marks truncated states with '+'
    }
    return switch (s) {
      case "PENDING", "PD", "CONFIGURING", "CF", "REQUEUED", "RQ", "REQUEUE_HOLD", "RH",
          "REQUEUE_FED", "RF", "RESV_DEL_HOLD", "RD" -> reason != null
              && NEVER_STARTS.contains(reason.strip())
          ? new QueueStatus(Phase.STUCK, "PENDING", reason, Termination.NEVER_STARTED)
          : new QueueStatus(Phase.QUEUED, "PENDING", reason, Termination.NONE);
      case "COMPLETED", "CD", "FAILED", "F", "SPECIAL_EXIT", "SE" ->
          new QueueStatus(Phase.ENDED, full(s), reason, Termination.NONE);
      case "TIMEOUT", "TO", "DEADLINE", "DL" ->
          new QueueStatus(Phase.ENDED, full(s), reason, Termination.TIME_LIMIT);
      case "CANCELLED", "CA", "REVOKED", "RV" ->
          new QueueStatus(Phase.ENDED, full(s), reason, Termination.CANCELLED);
      case "NODE_FAIL", "NF", "BOOT_FAIL", "BF", "PREEMPTED", "PR" ->
          new QueueStatus(Phase.ENDED, full(s), reason, Termination.NODE_FAILURE);
      case "OUT_OF_MEMORY", "OOM" ->
          new QueueStatus(Phase.ENDED, full(s), reason, Termination.OUT_OF_MEMORY);
      // RUNNING, COMPLETING, SUSPENDED, STOPPED, SIGNALING, STAGE_OUT, RESIZING and anything new:
      // alive as far as we know; the exit-code file will say when it is over.
      default -> new QueueStatus(Phase.RUNNING, full(s), reason, Termination.NONE);
    };
  }

  private static String full(String code) {
    return switch (code) {
      case "CD" -> "COMPLETED";
      case "F" -> "FAILED";
      case "SE" -> "SPECIAL_EXIT";
      case "TO" -> "TIMEOUT";
      case "DL" -> "DEADLINE";
      case "CA" -> "CANCELLED";
      case "RV" -> "REVOKED";
      case "NF" -> "NODE_FAIL";
      case "BF" -> "BOOT_FAIL";
      case "PR" -> "PREEMPTED";
      case "OOM" -> "OUT_OF_MEMORY";
      case "R" -> "RUNNING";
      case "CG" -> "COMPLETING";
      default -> code;
    };
  }

  /** {@code squeue -h -o '%i|%T|%r'} lines: {@code 123|RUNNING|None}, {@code 45_3|PENDING|Priority}. */
  static Map<String, QueueStatus> parseSqueue(String text) {
    Map<String, QueueStatus> out = new HashMap<>();
    int start = 0;
    int n = text.length();
    while (start < n) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = n;
      }
      int a = text.indexOf('|', start);
      if (a > start && a < end) {
        int b = text.indexOf('|', a + 1);
        String id = text.substring(start, a).strip();
        String state = b > a && b < end ? text.substring(a + 1, b) : text.substring(a + 1, end);
        String reason = b > a && b < end ? text.substring(b + 1, end) : null;
        out.put(id, status(state, reason));
      }
      start = end + 1;
    }
    return out;
  }

  /** {@code sacct -X -n -P -o JobID,State,ExitCode} lines: {@code 123_4|TIMEOUT|0:0}. */
  static Map<String, QueueStatus> parseSacct(String text) {
    Map<String, QueueStatus> out = new HashMap<>();
    for (String line : text.split("\n")) {
      String[] f = line.strip().split("\\|");
      if (f.length >= 2 && !f[0].isEmpty() && !f[0].contains(".")) {
        out.put(f[0], status(f[1], null));
      }
    }
    return out;
  }

  /**
   * {@code scontrol show job -o ID}: one line of {@code Key=Value} pairs. An array element is
   * reported under its own JobId, so its id is rebuilt from ArrayJobId and ArrayTaskId.
   */
  static Map<String, QueueStatus> parseScontrol(String text) {
    Map<String, QueueStatus> out = new HashMap<>();
    for (String line : text.split("\n")) {
      Map<String, String> kv = new HashMap<>();
      for (String token : line.strip().split("\\s+")) {
        int eq = token.indexOf('=');
        if (eq > 0) {
          kv.putIfAbsent(token.substring(0, eq), token.substring(eq + 1));
        }
      }
      String state = kv.get("JobState");
      if (state == null || !kv.containsKey("JobId")) {
        continue;
      }
      String array = kv.get("ArrayJobId");
      String task = kv.get("ArrayTaskId");
      String id = array != null && task != null && task.matches("\\d+") ? array + "_" + task : kv.get("JobId");
      out.put(id, status(state, kv.get("Reason")));
    }
    return out;
  }

  /** {@code MaxArraySize = 1001} from {@code scontrol show config}; empty when not there. */
  static OptionalInt parseMaxArraySize(String config) {
    for (String line : config.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0 && line.substring(0, eq).strip().equals("MaxArraySize")) {
        String value = line.substring(eq + 1).strip();
        return value.matches("\\d{1,9}") ? OptionalInt.of(Integer.parseInt(value))
            : OptionalInt.empty();
      }
    }
    return OptionalInt.empty();
  }
}
