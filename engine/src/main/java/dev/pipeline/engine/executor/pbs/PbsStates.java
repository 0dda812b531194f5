package dev.pipeline.engine.executor.pbs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pipeline.engine.executor.Termination;
import dev.pipeline.engine.executor.grid.QueueStatus;
import dev.pipeline.engine.executor.grid.QueueStatus.Phase;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Parsers for {@code qstat -f}: PBS Pro's JSON ({@code -F json}) and Torque's XML ({@code -x}),
 * reduced to a {@link QueueStatus} per short job id ({@code 1234}, {@code 1234[3]}).
 */
final class PbsStates {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern WALLTIME_EXCEEDED = Pattern.compile("(?i)walltime.*exceed");
  private static final Pattern DELETED = Pattern.compile("(?i)\\bdelet");

  /** One job as qstat shows it, whichever format it came in. */
  record Job(String state, Integer exitStatus, String comment, String usedWalltime, String walltimeLimit) {}

  private PbsStates() {}

  /** {@code 1234.server.example.org} to {@code 1234}; {@code 1234[3].server} to {@code 1234[3]}. */
  static String shortId(String id) {
    int dot = id.indexOf('.', Math.max(0, id.indexOf(']')));
    return dot < 0 ? id : id.substring(0, dot);
  }

  /** {@code {"Jobs": {"1234.server": {"job_state": "R", "Exit_status": 0, ...}}}}. */
  static Map<String, QueueStatus> parseJson(String text) {
    Map<String, QueueStatus> out = new HashMap<>();
    if (text.isBlank()) {
      return out;
    }
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable qstat -F json output: " + e.getMessage(), e);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("Jobs").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode j = e.getValue();
      out.put(shortId(e.getKey()), status(new Job(j.path("job_state").asText(""),
          j.has("Exit_status") ? j.get("Exit_status").asInt() : null, text(j.get("comment")),
          text(j.path("resources_used").get("walltime")), text(j.path("Resource_List").get("walltime")))));
    }
    return out;
  }

  /** {@code <Data><Job><Job_Id>1234.server</Job_Id><job_state>C</job_state>...</Job></Data>}. */
  static Map<String, QueueStatus> parseXml(String text) {
    Map<String, QueueStatus> out = new HashMap<>();
    if (text.isBlank()) {
      return out;
    }
    NodeList jobs;
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      jobs = f.newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))
          .getElementsByTagName("Job");
    } catch (Exception e) {
      throw new IllegalStateException("unreadable qstat -x output: " + e.getMessage(), e);
    }
    for (int i = 0; i < jobs.getLength(); i++) {
      Element j = (Element) jobs.item(i);
      String id = child(j, "Job_Id");
      if (id == null) {
        continue;
      }
      String exit = child(j, "exit_status");
      out.put(shortId(id), status(new Job(child(j, "job_state"),
          exit == null ? null : Integer.valueOf(exit.strip()), child(j, "comment"),
          nested(j, "resources_used", "walltime"), nested(j, "Resource_List", "walltime"))));
    }
    return out;
  }

  /**
   * PBS Pro's and Torque's states: Q, W, T, M wait; H is held (it would wait forever: the engine
   * cancels it); R, E, S, U and B (an array that began) run; F, X (PBS Pro) and C (Torque) ended.
   */
  static QueueStatus status(Job j) {
    String state = j.state() == null ? "" : j.state().strip();
    return switch (state) {
      case "Q", "W", "T", "M" -> QueueStatus.of(Phase.QUEUED, state);
      case "H" -> new QueueStatus(Phase.STUCK, "H", j.comment() == null ? "held" : j.comment(),
          Termination.NEVER_STARTED);
      case "F", "X", "C" -> ended(state, j);
      default -> QueueStatus.of(Phase.RUNNING, state.isEmpty() ? "UNKNOWN" : state);
    };
  }

  private static QueueStatus ended(String state, Job j) {
    Integer code = j.exitStatus();
    String detail = (code == null ? "" : "Exit_status " + code)
        + (j.comment() == null ? "" : (code == null ? "" : ", ") + j.comment());
    Termination why = Termination.NONE;
    if (code == null || code != 0) {
      if (overWalltime(j)) {
        why = Termination.TIME_LIMIT;
      } else if (j.comment() != null && DELETED.matcher(j.comment()).find()) {
        why = Termination.CANCELLED;
      }
    }
    return new QueueStatus(Phase.ENDED, state, detail.isEmpty() ? null : detail, why);
  }

  private static boolean overWalltime(Job j) {
    if (j.comment() != null && WALLTIME_EXCEEDED.matcher(j.comment()).find()) {
      return true;
    }
    long used = seconds(j.usedWalltime());
    long limit = seconds(j.walltimeLimit());
    return used >= 0 && limit > 0 && used >= limit;
  }

  /** {@code HH:MM:SS} (hours unbounded) or plain seconds; -1 when absent or unreadable. */
  static long seconds(String walltime) {
    if (walltime == null || walltime.isBlank()) {
      return -1;
    }
    long total = 0;
    for (String part : walltime.strip().split(":")) {
      if (!part.matches("\\d+")) {
        return -1;
      }
      total = total * 60 + Long.parseLong(part);
    }
    return total;
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }

  private static String child(Element e, String name) {
    NodeList l = e.getElementsByTagName(name);
    return l.getLength() == 0 ? null : l.item(0).getTextContent();
  }

  private static String nested(Element e, String parent, String name) {
    NodeList l = e.getElementsByTagName(parent);
    return l.getLength() == 0 ? null : child((Element) l.item(0), name);
  }
}
