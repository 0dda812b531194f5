package dev.pipeline.sweep;

import dev.pipeline.engine.event.RunEvent;
import dev.pipeline.engine.event.RunListener;
import dev.pipeline.engine.event.TaskEvent;
import dev.pipeline.engine.event.TaskState;
import dev.pipeline.api.TaskId;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The runner's console lines: {@code START}, {@code SKIP}, {@code SUCCEED} (green), {@code FAIL}
 * (red) per command, {@code WAIT}/{@code DONE} for points another process runs, and at the end
 * {@code Failed tasks: k/N} with the names, or {@code No task failed.}
 */
final class SweepReporter implements RunListener {
  private static final String GREEN = "\u001b[32m";
  private static final String RED = "\u001b[31m";
  private static final String YELLOW = "\u001b[33m";
  private static final String RESET = "\u001b[0m";

  private final PrintWriter out;
  private final boolean color;
  private final SweepLayout layout;
  private int total;
  private final Map<TaskId, SweepPlan.Point> points = new java.util.concurrent.ConcurrentHashMap<>();
  /** Points that run as cluster jobs or pods: their command lines go to the job's log, not here. */
  private final Map<TaskId, String> remote = new java.util.concurrent.ConcurrentHashMap<>();
  private final Set<String> failed = new LinkedHashSet<>();
  private final Set<String> notRun = new LinkedHashSet<>();
  private final Set<String> reported = new LinkedHashSet<>();

  SweepReporter(PrintWriter out, boolean color, SweepLayout layout) {
    this.out = out;
    this.color = color;
    this.layout = layout;
  }

  /** The number of points, when they are not all tracked here (a point rebuilt in a job). */
  SweepReporter total(int n) {
    total = n;
    return this;
  }

  void track(List<SweepPoint> tasks) {
    track(tasks, t -> null);
  }

  /** @param elsewhere the executor that runs a point outside this process, or null */
  void track(List<SweepPoint> tasks, java.util.function.Function<SweepPoint, String> elsewhere) {
    total = tasks.size();
    tasks.forEach(t -> {
      points.put(t.id(), t.point());
      String executor = elsewhere.apply(t);
      if (executor != null) {
        remote.put(t.id(), executor);
      }
    });
  }

  String label(SweepPlan.Point p) {
    return layout.sharedDir ? layout.outputText + " (" + p.name() + ")" : layout.outputPlaceholder(p.name());
  }

  private String where(SweepPlan.Point p, String command, String gpu) {
    return (gpu == null ? "" : "gpu: " + gpu + ", ") + command + ":" + p.index() + "/" + total + ", "
        + label(p);
  }

  void start(SweepPlan.Point p, String command, String gpu) {
    line(null, "START   " + where(p, command, gpu));
  }

  void skip(SweepPlan.Point p, String command) {
    line(null, "SKIP    " + command + ":" + p.index() + "/" + total + ", " + label(p));
  }

  void succeed(SweepPlan.Point p, String command, String gpu, double seconds) {
    line(GREEN, "SUCCEED " + where(p, command, gpu) + String.format(" (%.1fs)", seconds));
  }

  void fail(SweepPlan.Point p, String command, String gpu, String reason, double seconds, String log) {
    synchronized (this) {
      reported.add(p.name());
    }
    line(RED, "FAIL    " + where(p, command, gpu) + ": " + reason
        + (log == null ? "" : " (log: " + log + ")"));
  }

  void warn(String text) {
    line(YELLOW, text);
  }

  synchronized void line(String colour, String text) {
    out.println(color && colour != null ? colour + text + RESET : text);
    out.flush();
  }

  @Override
  public void onEvent(RunEvent event) {
    if (!(event instanceof TaskEvent t)) {
      return;
    }
    SweepPlan.Point p = points.get(t.task());
    if (p == null) {
      return;
    }
    switch (t.state()) {
      case WAITING_ELSEWHERE -> line(null, "WAIT    " + label(p) + ": another pipeline process is"
          + " running it");
      case COMPLETE -> {
        if (t.message() != null) {
          line(null, "DONE    " + label(p) + " (" + t.message() + ")");
        }
      }
      case RETRYING -> line(YELLOW, "RETRY   " + label(p) + ": " + firstLine(t.message()));
      case FAILED -> {
        boolean shown;
        synchronized (this) {
          failed.add(p.name());
          shown = reported.remove(p.name());
        }
        if (!shown) {
          line(RED, "FAIL    " + label(p) + ": " + firstLine(t.message()));
        }
      }
      case NOT_RUN, INTERRUPTED, UPSTREAM_FAILED -> {
        synchronized (this) {
          notRun.add(p.name());
        }
      }
      case RUNNING, DONE -> {
        synchronized (this) {
          reported.remove(p.name());
        }
        String executor = remote.get(t.task());
        if (executor != null) {
          line(t.state() == TaskState.DONE ? GREEN : null, (t.state() == TaskState.DONE
              ? "SUCCEED " : "SUBMIT  ") + label(p) + " (" + executor + ")");
        }
      }
      default -> { }
    }
  }

  /** The runner's closing lines. */
  void finish() {
    List<String> failedNow;
    List<String> notRunNow;
    synchronized (this) {
      failedNow = new ArrayList<>(failed);
      notRunNow = new ArrayList<>(notRun);
      notRunNow.removeAll(failed);
    }
    if (failedNow.isEmpty()) {
      line(null, "No task failed.");
    } else {
      line(RED, "Failed tasks: " + failedNow.size() + "/" + total);
      failedNow.forEach(n -> line(null, "  " + n));
    }
    if (!notRunNow.isEmpty()) {
      line(YELLOW, "Not run: " + notRunNow.size() + "/" + total + " (run again to resume)");
      notRunNow.forEach(n -> line(null, "  " + n));
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
