package dev.pipeline.engine.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.engine.event.TaskEvent;
import dev.pipeline.engine.event.TaskState;
import dev.pipeline.api.RetryPolicy;
import dev.pipeline.engine.testing.Node;
import dev.pipeline.engine.testing.Recorder;
import dev.pipeline.engine.testing.Recorder.Interval;
import dev.pipeline.engine.testing.TestRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class RetryTest {
  @TempDir Path dir;

  @Test
  void taskThatFailsTwice_succeedsOnItsThirdAttempt_afterTheBackoffs() throws Exception {
    String key = Recorder.newKey("flaky");
    Path out = Files.createDirectories(dir.resolve("out"));
    Node flaky = Node.of(key, "flaky").out(out).failTimes(2)
        .retry(RetryPolicy.attempts(3, Duration.ofMillis(100)));

    TestRun run = TestRun.run(RunOptions.defaults(dir), flaky);

    assertEquals(ExitCode.OK, run.summary.exitCode());
    assertEquals(List.of(TaskState.RUNNING, TaskState.RETRYING, TaskState.RUNNING,
        TaskState.RETRYING, TaskState.RUNNING, TaskState.DONE), run.states(flaky));
    assertEquals(3, run.events(flaky, TaskState.DONE).get(0).attempt());
    assertEquals(List.of(1, 2, 3),
        run.events(flaky, TaskState.RUNNING).stream().map(TaskEvent::attempt).toList());
    List<TaskEvent> retrying = run.events(flaky, TaskState.RETRYING);
    assertEquals("flaky failed on attempt 1 (attempt 1 of 3; retrying in 100 ms)",
        retrying.get(0).message());
    assertEquals("flaky failed on attempt 2 (attempt 2 of 3; retrying in 200 ms)",
        retrying.get(1).message());

    List<Interval> attempts = Recorder.intervals(key);
    assertEquals(List.of(1, 2, 3), attempts.stream().map(Interval::attempt).toList());
    assertTrue(gapMillis(attempts.get(0), attempts.get(1)) >= 100,
        "first backoff: " + gapMillis(attempts.get(0), attempts.get(1)) + " ms");
    assertTrue(gapMillis(attempts.get(1), attempts.get(2)) >= 200,
        "second backoff doubles: " + gapMillis(attempts.get(1), attempts.get(2)) + " ms");
    assertEquals("flaky\n", Files.readString(out.resolve("flaky.txt")));
  }

  @Test
  void nonRetryableFailure_isNotRetried() throws Exception {
    String key = Recorder.newKey("permanent");
    Node bad = Node.of(key, "bad").out(dir).failTimes(1).permanent()
        .retry(RetryPolicy.attempts(3, Duration.ofMillis(10)));

    TestRun run = TestRun.run(RunOptions.defaults(dir), bad);

    assertEquals(ExitCode.TASK_FAILED, run.summary.exitCode());
    assertEquals(List.of(TaskState.RUNNING, TaskState.FAILED), run.states(bad));
    assertEquals(1, Recorder.count(key, "bad"));
    assertEquals("bad failed on attempt 1", run.summary.failures().get(0).message());
  }

  @Test
  void exhaustedAttempts_endFailed() throws Exception {
    String key = Recorder.newKey("hopeless");
    Node bad = Node.of(key, "bad").out(dir).failTimes(100)
        .retry(RetryPolicy.attempts(3, Duration.ofMillis(10)));

    TestRun run = TestRun.run(RunOptions.defaults(dir), bad);

    assertEquals(ExitCode.TASK_FAILED, run.summary.exitCode());
    assertEquals(3, Recorder.count(key, "bad"));
    assertEquals(2, run.events(bad, TaskState.RETRYING).size());
    TaskEvent failed = run.events(bad, TaskState.FAILED).get(0);
    assertEquals(3, failed.attempt());
    assertEquals("bad failed on attempt 3", failed.message());
  }

  @Test
  void runDefaultPolicy_appliesToTasksWithoutTheirOwn() throws Exception {
    String key = Recorder.newKey("default");
    Node flaky = Node.of(key, "flaky").out(dir).failTimes(1);

    TestRun run = TestRun.run(
        RunOptions.defaults(dir).withDefaultRetry(RetryPolicy.attempts(2, Duration.ofMillis(10))),
        flaky);

    assertEquals(ExitCode.OK, run.summary.exitCode());
    assertEquals(2, Recorder.count(key, "flaky"));
  }

  @Test
  void backoff_doesNotHoldAWorker() throws Exception {
    String key = Recorder.newKey("idle");
    Node flaky = Node.of(key, "flaky").out(dir).failTimes(1).priority(10)
        .retry(RetryPolicy.attempts(2, Duration.ofMillis(300)));
    Node other = Node.of(key, "other").out(dir).millis(20);

    TestRun run = TestRun.run(RunOptions.defaults(dir), flaky, other);

    assertEquals(ExitCode.OK, run.summary.exitCode());
    List<Interval> intervals = Recorder.intervals(key);
    assertEquals(List.of("flaky", "other", "flaky"),
        intervals.stream().map(Interval::name).toList(),
        "the single worker ran the other task during the backoff");
  }

  @Test
  void backoffBefore_growsByTheMultiplier_upToTheCap() {
    RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(100), 3.0, Duration.ofMillis(1000));
    assertEquals(Duration.ofMillis(100), p.backoffBefore(2));
    assertEquals(Duration.ofMillis(300), p.backoffBefore(3));
    assertEquals(Duration.ofMillis(900), p.backoffBefore(4));
    assertEquals(Duration.ofMillis(1000), p.backoffBefore(5));
  }

  private static long gapMillis(Interval before, Interval after) {
    return TimeUnit.NANOSECONDS.toMillis(after.startNanos() - before.endNanos());
  }
}
