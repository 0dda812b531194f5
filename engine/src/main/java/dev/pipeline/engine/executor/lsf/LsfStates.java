package dev.pipeline.engine.executor.lsf;

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
 * Parsers for LSF's answers: {@code bsub}'s "Job &lt;ID&gt; is submitted" line and {@code bjobs
 * -o "jobid jobindex stat exit_code exit_reason"} as JSON or delimited by {@code |}, reduced to a
 * {@link QueueStatus} per job id ({@code 1234}, or {@code 1234[2]} for an array element).
 */
final class LsfStates {
  /** The bjobs fields the parsers read, in this order. */
  static final String FIELDS = "jobid jobindex stat exit_code exit_reason";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SUBMITTED = Pattern.compile("Job <(\\d+)> is submitted");
  private static final Pattern NO_JOBS = Pattern.compile("No (unfinished )?job found");

  private LsfStates() {}

  static String parseSubmitted(String stdout) {
    Matcher m = SUBMITTED.matcher(stdout);
    if (!m.find()) {
      throw new IllegalArgumentException("expected 'Job <ID> is submitted ...', got '" + stdout.strip() + "'");
    }
    return m.group(1);
  }

  static boolean noJobs(String output) {
    return NO_JOBS.matcher(output).find();
  }

  /** {@code {"COMMAND":"bjobs","JOBS":n,"RECORDS":[{"JOBID":"1234","JOBINDEX":"0",...}]}}. */
  static Map<String, QueueStatus> parseJson(String text) {
    Map<String, QueueStatus> out = new HashMap<>();
    if (text.isBlank() || noJobs(text) && !text.strip().startsWith("{")) {
      return out;
    }
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable bjobs -json output: " + e.getMessage(), e);
    }
    for (JsonNode r : root.path("RECORDS")) {
      String id = r.path("JOBID").asText("");
      if (!id.matches("\\d+") || r.has("ERROR")) {
        continue; // an ERROR record ("Job <x> is not found")
      }
      out.put(key(id, r.path("JOBINDEX").asText("0")),
          status(r.path("STAT").asText(""), r.path("EXIT_CODE").asText(""), r.path("EXIT_REASON").asText("")));
    }
    return out;
  }

  /** One job per line: {@code jobid|jobindex|stat|exit_code|exit_reason}, {@code -} for empty. */
  static Map<String, QueueStatus> parseDelimited(String text) {
    Map<String, QueueStatus> out = new HashMap<>();
    for (String line : text.split("\n")) {
      String[] f = line.strip().split("\\|", -1);
      if (f.length < 3 || !f[0].strip().matches("\\d+")) {
        continue; // "No job found", a header, a blank line
      }
      out.put(key(f[0].strip(), f[1].strip()), status(f[2].strip(), f.length > 3 ? f[3].strip() : "",
          f.length > 4 ? f[4].strip() : ""));
    }
    return out;
  }

  private static String key(String id, String index) {
    return index.matches("[1-9]\\d*") ? id + "[" + index + "]" : id;
  }

  /** LSF's STAT: PEND, PROV, WAIT, PSUSP, RUN, USUSP, SSUSP, UNKWN, DONE, EXIT, ZOMBI. */
  static QueueStatus status(String stat, String exitCode, String exitReason) {
    String reason = exitReason.isBlank() || exitReason.equals("-") ? null : exitReason.strip();
    return switch (stat) {
      case "PEND", "PROV", "WAIT", "PSUSP" -> new QueueStatus(Phase.QUEUED, stat, null, Termination.NONE);
      case "RUN", "USUSP", "SSUSP", "UNKWN" -> new QueueStatus(Phase.RUNNING, stat, null, Termination.NONE);
      case "DONE" -> QueueStatus.of(Phase.ENDED, "DONE");
      case "EXIT" -> new QueueStatus(Phase.ENDED, "EXIT", describe(exitCode, reason), termination(reason));
      case "ZOMBI" -> new QueueStatus(Phase.ENDED, "ZOMBI", reason, Termination.NODE_FAILURE);
      default -> QueueStatus.of(Phase.RUNNING, stat.isEmpty() ? "UNKNOWN" : stat);
    };
  }

  private static String describe(String exitCode, String reason) {
    String code = exitCode.isBlank() || exitCode.equals("-") ? null : "exit code " + exitCode.strip();
    if (code == null) {
      return reason;
    }
    return reason == null ? code : reason + ", " + code;
  }

  /** The termination reason (TERM_*) that starts LSF's exit reason text. */
  static Termination termination(String reason) {
    if (reason == null) {
      return Termination.NONE;
    }
    String term = reason.split("[:\\s]", 2)[0];
    return switch (term) {
      case "TERM_RUNLIMIT" -> Termination.TIME_LIMIT;
      case "TERM_OWNER", "TERM_ADMIN", "TERM_FORCE_OWNER", "TERM_FORCE_ADMIN", "TERM_REQUEUE_OWNER",
          "TERM_REQUEUE_ADMIN" -> Termination.CANCELLED;
      case "TERM_MEMLIMIT", "TERM_SWAP" -> Termination.OUT_OF_MEMORY;
      case "TERM_PREEMPT", "TERM_LOAD", "TERM_ZOMBIE", "TERM_ORPHAN_SYSTEM", "TERM_CHKPNT" ->
          Termination.NODE_FAILURE;
      default -> Termination.NONE;
    };
  }
}
