package dev.pipeline.engine.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.engine.event.GraphGrew;
import dev.pipeline.engine.event.GraphResolved;
import dev.pipeline.engine.event.RunFinished;
import dev.pipeline.engine.event.RunStarted;
import dev.pipeline.engine.event.RunSummary;
import dev.pipeline.engine.event.TaskEvent;
import dev.pipeline.engine.event.TaskState;
import dev.pipeline.api.TaskId;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConsoleReporterTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final String CLEAR = "\r\033[K";

  private final StringWriter out = new StringWriter();
  private final StringWriter tty = new StringWriter();
  private long now;

  private ConsoleReporter lines() {
    return new ConsoleReporter(new PrintWriter(out), null, false, true, () -> now, false);
  }

  private ConsoleReporter terminal() {
    PrintWriter w = new PrintWriter(out);
    return new ConsoleReporter(w, w, false, false, () -> now, false);
  }

  private ConsoleReporter linesAndBar() {
    return new ConsoleReporter(new PrintWriter(out), new PrintWriter(tty), true, true, () -> now,
        false);
  }

  private static TaskId task(int i) {
    return new TaskId("Leaf", "Leaf(i=" + i + ")");
  }

  private static TaskEvent event(int i, TaskState state) {
    return new TaskEvent(task(i), state, 1, Instant.EPOCH, List.of(), null,
        state == TaskState.FAILED ? "exit 1\nmore detail" : null);
  }

  private static void start(ConsoleReporter r, int toRun) {
    r.onEvent(new RunStarted("run", Instant.EPOCH, List.of("pipeline"), "dev", "host", 1,
        Path.of("."), List.of("Root"), 2, List.of()));
    r.onEvent(new GraphResolved(Instant.EPOCH, toRun + 1, 1, toRun));
  }

  private static RunFinished finished(int done) {
    return new RunFinished(Instant.EPOCH, new RunSummary(Map.of(TaskState.DONE, done), List.of(),
        ExitCode.OK, Duration.ofSeconds(1)));
  }

  @Test
  void lines_smallRunHasALinePerTaskAndNoEscapes() {
    ConsoleReporter r = lines();
    start(r, 2);
    r.onEvent(event(0, TaskState.RUNNING));
    now += 1000 * MS;
    r.onEvent(event(0, TaskState.DONE));
    r.onEvent(event(1, TaskState.RUNNING));
    r.onEvent(event(1, TaskState.FAILED));
    r.onEvent(finished(1));
    r.close();
    String text = out.toString();
    assertTrue(text.startsWith(String.join(System.lineSeparator(),
        "3 task(s): 1 already complete, 2 to run",
        "start  Leaf(i=0)",
        "done   Leaf(i=0) (1/2)",
        "start  Leaf(i=1)",
        "FAILED Leaf(i=1): exit 1",
        "Summary: 1 done in 1.0s")), text);
    assertFalse(text.contains("\r") || text.contains("\033"), text);
  }

  @Test
  void lines_largeRunPrintsEveryTenthAndOnceAMinuteBetween() {
    ConsoleReporter r = lines();
    start(r, 200);
    for (int i = 0; i < 15; i++) {
      r.onEvent(event(i, TaskState.RUNNING));
      r.onEvent(event(i, TaskState.DONE));
    }
    now += 61_000 * MS; // a minute passes: the next event reports progress, then 10% does
    for (int i = 15; i < 200; i++) {
      r.onEvent(event(i, TaskState.RUNNING));
      r.onEvent(event(i, TaskState.DONE));
    }
    List<String> progress = out.toString().lines().filter(l -> l.startsWith("[")).toList();
    assertEquals(11, progress.size(), out.toString());
    assertEquals("[#-------------------] 15/200 done, 1 running, 0 failed, ETA 12m32s",
        progress.get(0));
    assertTrue(progress.get(1).startsWith("[##------------------] 20/200 done"), progress.get(1));
    assertTrue(progress.get(2).startsWith("[####----------------] 40/200 done"), progress.get(2));
    assertEquals("[####################] 200/200 done, 0 running, 0 failed", progress.get(10));
  }

  @Test
  void terminal_barIsRedrawnInPlaceAtMostEvery200ms() {
    ConsoleReporter r = terminal();
    start(r, 100);
    r.onEvent(event(0, TaskState.RUNNING)); // first draw
    now += 50 * MS;
    r.onEvent(event(0, TaskState.DONE)); // too soon
    r.tick(); // too soon
    now += 200 * MS;
    r.tick(); // due: shows the DONE
    String text = out.toString();
    assertEquals(2, text.split("\r\033\\[K", -1).length - 1, text);
    assertTrue(text.endsWith(CLEAR + "[--------------------] 1/100 done, 0 running, 0 failed,"
        + " ETA 25s"), text);
    r.onEvent(event(1, TaskState.FAILED)); // a line: the bar is cleared first
    assertTrue(out.toString().endsWith(CLEAR + "FAILED Leaf(i=1): exit 1" + System.lineSeparator()),
        out.toString());
    r.onEvent(finished(1));
    assertTrue(out.toString().endsWith("Everything requested is complete." + System.lineSeparator()));
  }

  @Test
  void linesAndBar_barGoesToTheTerminalAndLinesStayPlain() {
    ConsoleReporter r = linesAndBar();
    start(r, 2);
    r.onEvent(event(0, TaskState.RUNNING));
    now += 300 * MS; // past the pause that lets a printed line reach the terminal
    r.tick();
    assertTrue(tty.toString().endsWith(CLEAR + "[--------------------] 0/2 done, 1 running, 0 failed"),
        tty.toString());
    r.onEvent(event(0, TaskState.DONE));
    assertTrue(tty.toString().endsWith(CLEAR), "cleared before the line: " + tty);
    r.onEvent(finished(1));
    r.close();
    assertFalse(out.toString().contains("\r") || out.toString().contains("\033"), out.toString());
    assertTrue(out.toString().contains("done   Leaf(i=0) (1/2)"), out.toString());
  }

  @Test
  void refusedBeforeTheGraphWasKnown_printsNoSummary() {
    ConsoleReporter r = lines();
    r.onEvent(new RunStarted("run", Instant.EPOCH, List.of("pipeline"), "dev", "host", 1,
        Path.of("."), List.of("Root"), 2, List.of()));
    r.onEvent(new RunFinished(Instant.EPOCH, new RunSummary(Map.of(), List.of(), ExitCode.CYCLE,
        Duration.ZERO)));
    r.close();
    assertEquals("", out.toString(), "the error line alone says why (no 'Summary: nothing to do')");
  }

  @Test
  void dynamicRequirements_growTheTotal() {
    ConsoleReporter r = lines();
    start(r, 2);
    r.onEvent(event(0, TaskState.DONE));
    r.onEvent(new GraphGrew(Instant.EPOCH, 2, 1, 1));
    r.onEvent(event(1, TaskState.DONE));
    r.onEvent(event(2, TaskState.DONE));
    assertTrue(out.toString().contains("done   Leaf(i=2) (3/3)"), out.toString());
  }

  @Test
  void terminal_barFitsTheWidth_soRedrawsDoNotWrap() {
    PrintWriter w = new PrintWriter(out);
    ConsoleReporter r = new ConsoleReporter(w, w, false, false, () -> now, false, () -> 50);
    start(r, 100);
    r.onEvent(event(0, TaskState.RUNNING));
    now += 300 * MS;
    r.onEvent(event(0, TaskState.DONE));
    for (String drawn : out.toString().split("\r\033\\[K")) {
      assertTrue(drawn.length() < 50, drawn.length() + " columns: " + drawn);
    }
    assertTrue(out.toString().endsWith(CLEAR + "1/100 done, 0 running, 0 failed, ETA 30s"),
        out.toString());
  }
}
