package dev.pipeline.engine.web;

import dev.pipeline.api.TaskId;
import dev.pipeline.engine.runview.AttemptView;
import dev.pipeline.engine.runview.RunModel;
import dev.pipeline.engine.runview.TaskView;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.util.Comparator;
import java.util.List;

/**
 * {@code trace.tsv}: one line per attempt (and one per task that never ran), with columns in the
 * spirit of Nextflow's trace file. Unknown values are {@code -}, as there.
 */
public final class TraceWriter {
  static final String HEADER = String.join("\t", "task_id", "hash", "name", "family", "status",
      "attempt", "exit", "start", "complete", "realtime_s", "cpu_s", "peak_rss_kb", "host", "gpus",
      "log");

  private TraceWriter() {}

  public static void write(RunModel run, Writer target) throws IOException {
    BufferedWriter out = new BufferedWriter(target, 1 << 16);
    out.write(HEADER);
    out.write('\n');
    List<TaskView> tasks;
    String host;
    synchronized (run) {
      tasks = run.tasks();
      host = run.started() == null ? "-" : run.started().host();
      tasks.sort(Comparator.comparingLong(TaskView::firstStartMillis)
          .thenComparing(TaskView::id));
      int n = 0;
      for (TaskView t : tasks) {
        String hash = new TaskId(t.family(), t.id()).digest();
        if (t.attempts().isEmpty()) {
          row(out, ++n, hash, t, null, host);
        }
        for (AttemptView a : t.attempts()) {
          row(out, ++n, hash, t, a, host);
        }
      }
    }
    out.flush();
  }

  private static void row(BufferedWriter out, int n, String hash, TaskView t, AttemptView a,
      String host) throws IOException {
    String[] cells = {
        Integer.toString(n), hash, t.id(), t.family(), a == null ? t.state() : a.state(),
        a == null ? "-" : Integer.toString(a.number()),
        a == null || a.exitCode() == null ? "-" : a.exitCode().toString(),
        a == null ? "-" : a.start().toString(),
        a == null || a.end() == null ? "-" : a.end().toString(),
        a == null || a.end() == null ? "-" : seconds(a.seconds(a.end())),
        a == null || a.cpuSeconds() == null ? "-" : seconds(a.cpuSeconds()),
        a == null || a.peakRssKb() == null ? "-" : a.peakRssKb().toString(),
        host, a == null || a.gpus().isEmpty() ? "-" : String.join(",", a.gpus()),
        t.log() == null ? "-" : t.log()};
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        out.write('\t');
      }
      out.write(clean(cells[i]));
    }
    out.write('\n');
  }

  /** Seconds to the millisecond ({@code 1.25}), without String.format's cost per line. */
  private static String seconds(double value) {
    return Double.toString(Math.round(value * 1000) / 1000.0);
  }

  /** Tabs and newlines inside a value would break the columns. */
  private static String clean(String value) {
    return value.indexOf('\t') < 0 && value.indexOf('\n') < 0 ? value
        : value.replace('\t', ' ').replace('\n', ' ');
  }
}
