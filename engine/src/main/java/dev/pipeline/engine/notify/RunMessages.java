package dev.pipeline.engine.notify;

import dev.pipeline.engine.event.RunFinished;
import dev.pipeline.engine.event.RunStarted;
import dev.pipeline.engine.event.RunSummary;
import dev.pipeline.engine.event.TaskEvent;
import dev.pipeline.engine.event.TaskState;
import dev.pipeline.engine.config.ValueParsers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The words of the notifications: what ran where, how it ended, which tasks failed and why. */
final class RunMessages {
  private static final int FAILURES_LISTED = 5;

  private volatile String what = "pipeline run";
  private volatile String where = "";

  void started(RunStarted s) {
    what = s.roots().isEmpty() ? "pipeline run" : String.join(", ", s.roots());
    where = " on " + s.host() + " in " + s.runDirectory();
  }

  Message taskFailed(TaskEvent t, boolean lastOneTold) {
    String text = "Task " + t.task().canonical() + " failed (attempt " + t.attempt() + ")" + where
        + ": " + firstLine(t.message()) + (t.log() == null ? "" : "\nLog: " + t.log())
        + (lastOneTold ? "\n(Further task failures of this run are not sent one by one; the"
            + " run's own notification lists them.)" : "");
    return new Message("pipeline: task " + t.task().canonical() + " failed", text);
  }

  Message finished(RunFinished f) {
    RunSummary s = f.summary();
    boolean ok = s.exitCode().code() == 0;
    String outcome = ok ? "finished" : s.exitCode().code() == 130 ? "was interrupted" : "failed";
    StringBuilder text = new StringBuilder("Run of " + what + where + " " + outcome
        + " (exit code " + s.exitCode().code() + ") after " + duration(s.wall()) + ": "
        + counts(s.counts()) + ".");
    if (s.stopped() != null) {
      text.append("\nStopped: ").append(firstLine(s.stopped()));
    }
    List<RunSummary.Failure> failures = s.failures();
    for (int i = 0; i < Math.min(FAILURES_LISTED, failures.size()); i++) {
      RunSummary.Failure fail = failures.get(i);
      text.append("\nFailed: ").append(fail.task().canonical()).append(": ")
          .append(firstLine(fail.message()));
      if (fail.log() != null) {
        text.append(" (log: ").append(fail.log()).append(')');
      }
    }
    if (failures.size() > FAILURES_LISTED) {
      text.append("\n... and ").append(failures.size() - FAILURES_LISTED).append(" more failures");
    }
    return new Message("pipeline: " + what + " " + outcome, text.toString());
  }

  private static String counts(Map<TaskState, Integer> counts) {
    List<String> parts = new ArrayList<>();
    for (TaskState state : TaskState.values()) {
      Integer n = counts.get(state);
      if (n != null && n > 0) {
        parts.add(n + " " + state.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
      }
    }
    return parts.isEmpty() ? "nothing to do" : String.join(", ", parts);
  }

  private static String duration(Duration d) {
    return d.toMillis() < 1000 ? d.toMillis() + "ms" : ValueParsers.formatDuration(
        Duration.ofSeconds(d.toSeconds()));
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "no message";
    }
    int nl = text.indexOf('\n');
    return nl < 0 ? text.strip() : text.substring(0, nl).strip() + " ...";
  }
}
