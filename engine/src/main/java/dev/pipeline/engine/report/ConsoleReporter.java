package dev.pipeline.engine.report;

import dev.pipeline.engine.event.GraphResolved;
import dev.pipeline.engine.event.RunEvent;
import dev.pipeline.engine.event.RunFinished;
import dev.pipeline.engine.event.RunListener;
import dev.pipeline.engine.event.RunStarted;
import dev.pipeline.engine.event.RunSummary;
import dev.pipeline.engine.event.TaskEvent;
import dev.pipeline.engine.event.TaskState;
import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;

/**
 * What a person sees during a run: the graph size, failures and retries as they happen, a status
 * line (done, running, failed, total, ETA) redrawn in place on a terminal, and the summary.
 * Without a terminal it prints plain lines and no status line, so log files stay readable.
 */
public final class ConsoleReporter implements RunListener {
  private static final long REDRAW_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  private final PrintWriter out;
  private final boolean terminal;
  private int toRun;
  private int done;
  private int running;
  private int failed;
  private long started;
  private long lastDraw;
  private boolean lineDirty;

  public ConsoleReporter(PrintWriter out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  @Override
  public void onEvent(RunEvent event) {
    if (event instanceof RunStarted s) {
      started = System.nanoTime();
    } else if (event instanceof GraphResolved g) {
      toRun = g.toRun();
      println(g.total() + " task(s): " + g.complete() + " already complete, " + g.toRun()
          + " to run");
    } else if (event instanceof TaskEvent t) {
      onTask(t);
    } else if (event instanceof RunFinished f) {
      clearLine();
      SummaryFormatter.write(f.summary(), out);
      out.flush();
    }
  }

  private void onTask(TaskEvent t) {
    switch (t.state()) {
      case RUNNING -> running++;
      case DONE, COMPLETE -> {
        running -= t.state() == TaskState.DONE ? 1 : 0;
        done++;
      }
      case RETRYING -> {
        running--;
        println("retry  " + t.task() + ": " + firstLine(t.message()));
      }
      case FAILED -> {
        running = Math.max(0, running - 1);
        failed++;
        println("FAILED " + t.task() + ": " + firstLine(t.message())
            + (t.log() == null ? "" : " (log: " + t.log() + ")"));
      }
      case INTERRUPTED -> running = Math.max(0, running - 1);
      default -> { }
    }
    drawStatus(false);
  }

  private void drawStatus(boolean force) {
    if (!terminal) {
      return;
    }
    long now = System.nanoTime();
    if (!force && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    out.print("\r\033[K" + statusLine(now));
    out.flush();
    lineDirty = true;
  }

  String statusLine(long now) {
    double elapsed = (now - started) / 1e9;
    String eta = "";
    if (done > 0 && toRun > done) {
      eta = String.format(" ETA %s", formatSeconds(elapsed / done * (toRun - done)));
    }
    return String.format("[%d/%d] done %d, running %d, failed %d%s", done, toRun, done, running,
        failed, eta);
  }

  private void println(String line) {
    clearLine();
    out.println(line);
    out.flush();
  }

  private void clearLine() {
    if (lineDirty) {
      out.print("\r\033[K");
      lineDirty = false;
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  static String formatSeconds(double s) {
    long total = Math.round(s);
    return total >= 3600 ? String.format("%dh%02dm", total / 3600, total % 3600 / 60)
        : total >= 60 ? String.format("%dm%02ds", total / 60, total % 60) : total + "s";
  }

  /** The end-of-run summary alone, e.g. for a journal replay. */
  public static void summary(RunSummary summary, PrintWriter out) {
    SummaryFormatter.write(summary, out);
  }
}
