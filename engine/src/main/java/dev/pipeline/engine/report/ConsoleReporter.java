package dev.pipeline.engine.report;

import dev.pipeline.engine.event.GraphGrew;
import dev.pipeline.engine.event.GraphResolved;
import dev.pipeline.engine.event.RunEvent;
import dev.pipeline.engine.event.RunFinished;
import dev.pipeline.engine.event.RunListener;
import dev.pipeline.engine.event.RunStarted;
import dev.pipeline.engine.event.RunSummary;
import dev.pipeline.engine.event.TaskEvent;
import dev.pipeline.api.TaskId;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * What a person sees during a run: the graph size, failures and retries as they happen, progress,
 * and the summary.
 *
 * <p>Progress comes in two forms. On a terminal, a bar
 * ({@code [#####-----] 523/10000 done, 2 running, 0 failed, ETA 1m20s}) redrawn in place at most
 * every 200 ms, and also between events so the ETA moves. As plain lines, for log files: a line
 * per task start and finish when the run has at most {@value #SMALL_RUN} tasks, otherwise the
 * progress line at every 10% and at most once a minute in between. {@link ProgressMode#BAR} does
 * both: lines on standard output (which run.sh copies to run.log) and the bar on the terminal.
 */
public final class ConsoleReporter implements RunListener {
  static final int SMALL_RUN = 50;
  private static final long REDRAW_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
  private static final long LINE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(60);
  private static final String CLEAR_LINE = "\r\033[K";

  private final PrintWriter out;
  private final PrintWriter bar; // where the live bar is drawn (out itself, or the terminal); or null
  private final boolean ownsBar;
  private final boolean plainProgress;
  private final boolean tick;
  private final LongSupplier clock;
  private final IntSupplier columns;
  private ScheduledExecutorService ticker;

  private final Set<TaskId> running = new HashSet<>();
  private boolean graphKnown;
  private int toRun;
  private int done;
  private int failed;
  private int skipped;
  private long started;
  private long lastDraw;
  private boolean drawnOnce;
  private boolean barShown;
  private int lastTenth;
  private long lastLine;
  private int finishedAtLastLine;

  /** A live bar on {@code out} when it is a terminal, plain lines otherwise. */
  public ConsoleReporter(PrintWriter out, boolean terminal) {
    this(out, terminal ? out : null, false, !terminal, System::nanoTime, true,
        terminal ? TerminalWidth.cached() : () -> Integer.MAX_VALUE);
  }

  /**
   * @param bar where the live bar is drawn, or null for none
   * @param plainProgress whether {@code out} gets progress lines
   * @param tick whether a timer redraws the bar between events (tests drive {@link #tick()})
   */
  ConsoleReporter(PrintWriter out, PrintWriter bar, boolean ownsBar, boolean plainProgress,
      LongSupplier clock, boolean tick) {
    this(out, bar, ownsBar, plainProgress, clock, tick, () -> Integer.MAX_VALUE);
  }

  /** @param columns the terminal's width now: the bar is cut to fit, or each redraw would wrap */
  ConsoleReporter(PrintWriter out, PrintWriter bar, boolean ownsBar, boolean plainProgress,
      LongSupplier clock, boolean tick, IntSupplier columns) {
    this.columns = columns;
    this.out = out;
    this.bar = bar;
    this.ownsBar = ownsBar;
    this.plainProgress = plainProgress;
    this.clock = clock;
    this.tick = tick;
  }

  /**
   * The reporter for {@code --progress MODE}. {@code outIsTerminal}: whether {@code out} is a
   * terminal. {@link ProgressMode#BAR} opens {@code /dev/tty}; without one it prints lines only.
   */
  public static ConsoleReporter create(ProgressMode mode, PrintWriter out, boolean outIsTerminal) {
    if (mode == ProgressMode.LINES) {
      return new ConsoleReporter(out, null, false, true, System::nanoTime, true);
    }
    if (outIsTerminal) {
      return new ConsoleReporter(out, true);
    }
    PrintWriter tty = mode == ProgressMode.BAR ? openTerminal() : null;
    return new ConsoleReporter(out, tty, tty != null, true, System::nanoTime, true,
        tty != null ? TerminalWidth.cached() : () -> Integer.MAX_VALUE);
  }

  private static PrintWriter openTerminal() {
    try {
      return new PrintWriter(new OutputStreamWriter(new FileOutputStream("/dev/tty"),
          StandardCharsets.US_ASCII));
    } catch (IOException e) {
      return null; // no controlling terminal (cron, CI, nohup): plain lines are enough
    }
  }

  @Override
  public synchronized void onEvent(RunEvent event) {
    if (event instanceof RunStarted) {
      started = clock.getAsLong();
      lastLine = started;
    } else if (event instanceof GraphResolved g) {
      graphKnown = true;
      toRun = g.toRun();
      println(g.total() + " task(s): " + g.complete() + " already complete, " + g.toRun()
          + " to run");
      startTicker();
    } else if (event instanceof TaskEvent t) {
      onTask(t);
    } else if (event instanceof GraphGrew g) {
      toRun += g.toRun();
      startTicker();
    } else if (event instanceof RunFinished f) {
      stopTicker();
      clearBar();
      if (graphKnown) { // else the run was refused before it started: the error says why
        SummaryFormatter.write(f.summary(), out);
      }
      out.flush();
    }
  }

  private void onTask(TaskEvent t) {
    boolean wasRunning = running.remove(t.task());
    switch (t.state()) {
      case RUNNING -> {
        running.add(t.task());
        taskLine("start  " + t.task());
      }
      case DONE, COMPLETE -> {
        done++;
        taskLine("done   " + t.task() + " (" + done + "/" + toRun + ")");
      }
      case RETRYING -> println("retry  " + t.task() + ": " + firstLine(t.message()));
      case FAILED -> {
        failed++;
        println("FAILED " + t.task() + ": " + firstLine(t.message())
            + (t.log() == null ? "" : " (log: " + t.log() + ")"));
      }
      case UPSTREAM_FAILED, NOT_RUN, INTERRUPTED -> skipped++;
      default -> {
        if (wasRunning) {
          running.add(t.task());
        }
      }
    }
    progressLine();
    drawBar();
  }

  /** Redraws the bar if it is due; the ticker calls this every 200 ms. */
  synchronized void tick() {
    drawBar();
  }

  Progress progress() {
    return new Progress(toRun, done, running.size(), failed, skipped);
  }

  /** Per-task lines, in plain output of small runs only. */
  private void taskLine(String line) {
    if (plainProgress && toRun <= SMALL_RUN) {
      println(line);
    }
  }

  /** In plain output of large runs: the progress line at each 10%, and once a minute between. */
  private void progressLine() {
    if (!plainProgress || toRun <= SMALL_RUN) {
      return;
    }
    Progress p = progress();
    int finished = p.finished();
    int tenth = (int) ((long) finished * 10 / toRun);
    long now = clock.getAsLong();
    if (tenth > lastTenth || (finished > finishedAtLastLine && now - lastLine >= LINE_EVERY_NANOS)) {
      lastTenth = tenth;
      lastLine = now;
      finishedAtLastLine = finished;
      println(p.render(now - started));
    }
  }

  private void drawBar() {
    if (bar == null || toRun == 0) {
      return;
    }
    long now = clock.getAsLong();
    if (drawnOnce && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    drawnOnce = true;
    lastDraw = now;
    bar.print(CLEAR_LINE + progress().render(now - started, columns.getAsInt() - 1));
    bar.flush();
    barShown = true;
  }

  private void println(String line) {
    clearBar();
    out.println(line);
    out.flush();
    if (bar != null && bar != out) {
      // The line reaches the terminal through a pipe (run.sh's tee): give it time to arrive
      // before the bar is drawn again, or the bar would land in the middle of it.
      lastDraw = clock.getAsLong();
      drawnOnce = true;
    }
  }

  private void clearBar() {
    if (barShown) {
      bar.print(CLEAR_LINE);
      bar.flush();
      barShown = false;
    }
  }

  private void startTicker() {
    if (bar == null || !tick || ticker != null || toRun == 0) {
      return;
    }
    ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "progress-bar");
      t.setDaemon(true);
      return t;
    });
    ticker.scheduleAtFixedRate(this::tick, REDRAW_NANOS, REDRAW_NANOS, TimeUnit.NANOSECONDS);
  }

  private void stopTicker() {
    if (ticker != null) {
      ticker.shutdownNow();
      ticker = null;
    }
  }

  @Override
  public synchronized void close() {
    stopTicker();
    clearBar();
    if (ownsBar) {
      bar.close();
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
    return Progress.formatSeconds(s);
  }

  /** The end-of-run summary alone, e.g. for a journal replay. */
  public static void summary(RunSummary summary, PrintWriter out) {
    SummaryFormatter.write(summary, out);
  }
}
