package dev.pipeline.engine.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.error.ExitCode;
import dev.pipeline.api.targets.FileTarget;
import dev.pipeline.api.targets.local.LocalFileTarget;
import dev.pipeline.engine.config.ConfigException;
import dev.pipeline.engine.event.RunSummary;
import dev.pipeline.engine.model.TaskRegistry;
import dev.pipeline.engine.scheduler.Scheduler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A family's {@code retries}, {@code retry_backoff}, {@code timeout} and {@code priority} in a real
 * cfg file take effect for in-process Java tasks (issue 12: they validated and were ignored).
 */
class FamilySettingsTest {
  static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();
  static final List<String> STARTED = Collections.synchronizedList(new ArrayList<>());

  /** Where the tasks write their outputs (tasks with outputs run; wrappers would not). */
  static volatile Path outputs;

  @TempDir Path tmp;

  @BeforeEach
  void reset() {
    ATTEMPTS.clear();
    STARTED.clear();
    outputs = tmp.resolve("out");
  }

  /** A task that runs once and marks itself done with a file. */
  abstract static class Marked extends Task {
    @Override
    public Object output() {
      return LocalFileTarget.of(outputs.resolve(id().digest()));
    }

    void done() throws IOException {
      ((FileTarget) outputTarget()).writeString("done");
    }
  }

  /** Fails its first {@code failures} attempts. */
  @Family("Flaky")
  public static final class Flaky extends Marked {
    @Param int failures = 2;

    @Override
    public void run(TaskContext context) throws IOException {
      if (ATTEMPTS.computeIfAbsent("Flaky", k -> new AtomicInteger()).incrementAndGet() <= failures) {
        throw new IllegalStateException("flaky");
      }
      done();
    }
  }

  /** Sleeps (interruptibly), spins checking interruption, or spins ignoring it. */
  @Family("Slow")
  public static final class Slow extends Marked {
    @Param String mode = "sleep";
    @Param long millis = 60_000;

    @Override
    public void run(TaskContext context) throws InterruptedException, IOException {
      STARTED.add("Slow-" + mode);
      long end = System.nanoTime() + millis * 1_000_000;
      switch (mode) {
        case "sleep" -> Thread.sleep(millis);
        case "spin" -> {
          while (System.nanoTime() < end) {
            if (Thread.currentThread().isInterrupted()) {
              throw new InterruptedException("stopped spinning");
            }
          }
        }
        default -> {
          while (System.nanoTime() < end) {
            Thread.onSpinWait(); // deaf to interruption
          }
        }
      }
      done();
    }
  }

  /** Records that it ran: proves the worker that ran a timed-out task lives on. */
  @Family("After")
  public static final class After extends Marked {
    @Param String label = "a";

    @Override
    public void run(TaskContext context) throws IOException {
      STARTED.add("After-" + label);
      done();
    }
  }

  /** Requires {@code first} then {@code second} (in that order of readiness). */
  @Family("Both")
  public static final class Both extends Task {
    @Param String mode = "sleep";
    @Param long millis = 60_000;

    @Override
    public Object requires() {
      return List.of(req(Slow.class, "mode", mode, "millis", millis), req(After.class));
    }
  }

  private RunSummary run(String cfg, String family, String... args) throws IOException {
    Path file = tmp.resolve("pipeline.cfg");
    Files.writeString(file, cfg);
    TaskRegistry registry = new TaskRegistry().register(Flaky.class).register(Slow.class)
        .register(After.class).register(Both.class);
    RunSetup setup = RunSetup.prepare(registry, family, List.of(args), file, Map.of());
    var options = new RunOptionsBuilder(setup).runDirectory(tmp.resolve("run")).journal(false)
        .workers(1).build();
    return new Scheduler(options.withCaptureOutput(false)).run(List.of(setup.root()));
  }

  @Test
  void retries_inTheFamilySection_retryTheTask() throws IOException {
    RunSummary summary = run("[Flaky]\nretries = 2\nretry_backoff = 10ms\n", "Flaky");
    assertEquals(ExitCode.OK, summary.exitCode(), summary.failures().toString());
    assertEquals(3, ATTEMPTS.get("Flaky").get());
  }

  @Test
  void retries_arePerFamily_andTheRunDefaultStaysForOthers() throws IOException {
    RunSummary summary = run("[Flaky]\nretries = 1\nretry_backoff = 10ms\n", "Flaky");
    assertEquals(ExitCode.TASK_FAILED, summary.exitCode());
    assertEquals(2, ATTEMPTS.get("Flaky").get(), "one retry, then the failure stands");
  }

  @Test
  void aBadRetriesValue_isAConfigErrorBeforeAnythingRuns() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> run("[Flaky]\nretries = two\n", "Flaky"));
    assertTrue(e.getMessage().contains("pipeline.cfg:2: [Flaky] retries: wrong type: expected int"),
        e.getMessage());
    assertEquals(null, ATTEMPTS.get("Flaky"));
  }

  @Test
  void timeout_interruptsASleepingJavaTask_andTheWorkerLivesOn() throws IOException {
    long t0 = System.nanoTime();
    RunSummary summary = run("[Slow]\ntimeout = 300ms\n", "Both");
    long seconds = (System.nanoTime() - t0) / 1_000_000_000;
    assertEquals(ExitCode.TASK_FAILED, summary.exitCode());
    assertTrue(seconds < 30, "took " + seconds + " s");
    String why = summary.failures().toString();
    assertTrue(why.contains("timed out after 300ms"), why);
    assertTrue(STARTED.contains("After-a"), "the only worker ran the next task: " + STARTED);
  }

  @Test
  void timeout_interruptsABusyLoopThatChecksInterruption() throws IOException {
    RunSummary summary = run("[Slow]\ntimeout = 300ms\n", "Slow", "--mode", "spin");
    assertEquals(ExitCode.TASK_FAILED, summary.exitCode());
    assertTrue(summary.failures().toString().contains("timed out after 300ms"), summary.failures().toString());
  }

  /** Java cannot stop such a task: it keeps its worker until run() returns, then fails as timed out. */
  @Test
  void timeout_ofATaskThatIgnoresInterrupts_failsTheAttemptWhenRunReturns() throws IOException {
    RunSummary summary = run("[Slow]\ntimeout = 200ms\n", "Both", "--mode", "deaf", "--millis", "1000");
    assertEquals(ExitCode.TASK_FAILED, summary.exitCode());
    assertTrue(summary.failures().toString().contains("timed out after 200ms"), summary.failures().toString());
    assertTrue(STARTED.contains("After-a"), STARTED.toString());
  }

  @Test
  void timeout_doesNotTouchATaskThatFinishesInTime() throws IOException {
    RunSummary summary = run("[Slow]\ntimeout = 30s\n", "Both", "--millis", "10");
    assertEquals(ExitCode.OK, summary.exitCode(), summary.failures().toString());
  }

  @Test
  void priority_inTheFamilySection_ordersReadyTasks() throws IOException {
    RunSummary summary = run("[After]\npriority = 5\n", "Both", "--millis", "1");
    assertEquals(ExitCode.OK, summary.exitCode(), summary.failures().toString());
    assertEquals(List.of("After-a", "Slow-sleep"), STARTED, "one worker: After first by its priority");
  }
}
