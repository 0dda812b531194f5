package dev.pipeline.engine.report;

import dev.pipeline.engine.event.RunSummary;
import dev.pipeline.engine.event.TaskState;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** Renders a run summary: counts by state, then each failure with its log path and reason. */
final class SummaryFormatter {
  private static final int MAX_FAILURES_LISTED = 20;

  private SummaryFormatter() {}

  static void write(RunSummary s, PrintWriter out) {
    List<String> parts = new ArrayList<>();
    for (TaskState state : TaskState.values()) {
      int n = s.count(state);
      if (n > 0) {
        parts.add(n + " " + state.name().toLowerCase().replace('_', ' '));
      }
    }
    // println rather than printf: java.util.Formatter's first use costs a short run ~5 ms.
    long tenths = Math.round(s.wall().toMillis() / 100.0);
    out.println("Summary: " + (parts.isEmpty() ? "nothing to do" : String.join(", ", parts))
        + " in " + tenths / 10 + "." + tenths % 10 + "s");
    int listed = 0;
    for (RunSummary.Failure f : s.failures()) {
      if (listed++ == MAX_FAILURES_LISTED) {
        out.println("  ... and " + (s.failures().size() - MAX_FAILURES_LISTED)
            + " more failures (see the journal)");
        break;
      }
      out.println("  failed: " + f.task());
      out.println("    reason: " + indent(f.message()));
      if (f.log() != null && Files.exists(f.log())) {
        out.println("    log: " + f.log());
      }
    }
    if (s.stopped() != null) {
      out.println("Run stopped: " + s.stopped());
    }
    switch (s.exitCode()) {
      case OK -> out.println(s.count(TaskState.DONE) == 0
          ? "Everything requested was already complete." : "Everything requested is complete.");
      case INTERRUPTED -> out.println("Interrupted; finished outputs are kept, run again to resume.");
      default -> { }
    }
  }

  private static String indent(String message) {
    return message == null ? "" : message.replace("\n", "\n      ");
  }
}
