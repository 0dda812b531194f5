package dev.pipeline.engine.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.api.error.UsageException;
import dev.pipeline.engine.event.TaskState;
import dev.pipeline.engine.testing.ExecTask;
import dev.pipeline.engine.testing.Node;
import dev.pipeline.engine.testing.Recorder;
import dev.pipeline.engine.testing.Recorder.Interval;
import dev.pipeline.engine.testing.TestRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class GpuAllocationTest {
  @TempDir Path dir;

  @Test
  void noGpuId_isHeldByTwoTasksRunningAtTheSameTime() throws Exception {
    String key = Recorder.newKey("gpu");
    List<Node> tasks = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      tasks.add(Node.of(key, "t" + i).out(dir).gpus(1).millis(150));
    }

    TestRun run = TestRun.run(RunOptions.defaults(dir).withWorkers(2).withGpus(List.of("0", "1")),
        tasks.toArray(Node[]::new));

    assertEquals(ExitCode.OK, run.summary.exitCode());
    List<Interval> intervals = Recorder.intervals(key);
    assertEquals(4, intervals.size());
    int overlapping = 0;
    for (Interval a : intervals) {
      assertEquals(1, a.gpus().size(), a.toString());
      assertTrue(List.of("0", "1").contains(a.gpus().get(0)), a.toString());
      assertEquals(a.gpus().get(0), a.cuda(), "CUDA_VISIBLE_DEVICES is the assigned id");
      for (Interval b : intervals) {
        if (a != b && a.overlaps(b)) {
          overlapping++;
          assertTrue(Collections.disjoint(a.gpus(), b.gpus()), a + " and " + b + " share a GPU");
        }
      }
    }
    assertTrue(overlapping > 0, "two workers ran tasks side by side");
  }

  @Test
  void thePool_notTheWorkers_boundsHowManyGpuTasksRunAtOnce() throws Exception {
    String key = Recorder.newKey("bound");
    List<Node> tasks = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      tasks.add(Node.of(key, "t" + i).out(dir).gpus(1).millis(150));
    }
    tasks.add(Node.of(key, "cpu").out(dir).millis(150)); // no GPU: not limited by the pool

    TestRun run = TestRun.run(RunOptions.defaults(dir).withWorkers(4).withGpus(List.of("0", "1")),
        tasks.toArray(Node[]::new));

    assertEquals(ExitCode.OK, run.summary.exitCode());
    List<Interval> gpuIntervals = Recorder.intervals(key).stream()
        .filter(i -> !i.gpus().isEmpty()).toList();
    for (Interval a : gpuIntervals) {
      long concurrent = gpuIntervals.stream().filter(b -> b != a && b.overlaps(a)
          && b.startNanos() <= a.startNanos()).count();
      assertTrue(concurrent <= 1, "three GPU tasks at once on a 2-GPU pool: " + gpuIntervals);
    }
  }

  @Test
  void repeatedId_letsTwoTasksShareThatGpuConcurrently() throws Exception {
    String key = Recorder.newKey("share");
    // Each task waits until the other has started: both DONE proves they ran at the same time.
    Node a = Node.of(key, "a").out(dir).gpus(1).rendezvous(2);
    Node b = Node.of(key, "b").out(dir).gpus(1).rendezvous(2);

    TestRun run = TestRun.run(RunOptions.defaults(dir).withWorkers(2).withGpus(List.of("0", "0")),
        a, b);

    assertEquals(ExitCode.OK, run.summary.exitCode(), run.summary.toString());
    for (Interval i : Recorder.intervals(key)) {
      assertEquals(List.of("0"), i.gpus());
      assertEquals("0", i.cuda());
    }
    List<Interval> both = Recorder.intervals(key);
    assertTrue(both.get(0).overlaps(both.get(1)));
  }

  @Test
  void twoGpuTask_getsBothIds() throws Exception {
    String key = Recorder.newKey("two");
    Node big = Node.of(key, "big").out(dir).gpus(2);

    TestRun run = TestRun.run(RunOptions.defaults(dir).withGpus(List.of("0", "1")), big);

    assertEquals(ExitCode.OK, run.summary.exitCode());
    Interval i = Recorder.intervals(key).get(0);
    assertEquals(List.of("0", "1"), i.gpus());
    assertEquals("0,1", i.cuda());
    assertEquals(List.of("0", "1"), run.events(big, TaskState.RUNNING).get(0).gpus());
  }

  @Test
  @Timeout(10) // without the up-front check, the run would wait for GPUs forever
  void taskNeedingMoreGpusThanThePool_failsTheRunBeforeAnythingStarts() throws Exception {
    String key = Recorder.newKey("toomany");
    Node small = Node.of(key, "small").out(dir).gpus(1);
    Node huge = Node.of(key, "huge").out(dir).gpus(3);
    TestRun.Recorded events = new TestRun.Recorded();

    UsageException e = assertThrows(UsageException.class,
        () -> new dev.pipeline.engine.scheduler.Scheduler(
            RunOptions.defaults(dir).withWorkers(2).withGpus(List.of("0", "1")))
            .listener(events).run(List.of(small, huge)));

    assertTrue(e.getMessage().contains("needs 3 GPU(s) but the pool has 2"), e.getMessage());
    assertTrue(e.getMessage().startsWith(huge.id().toString()), e.getMessage());
    assertEquals(ExitCode.USAGE, e.exitCode());
    assertEquals(List.of(), TestRun.of(events).taskEvents(), "nothing started");
    assertEquals(0, Recorder.count(key, "small"));
  }

  @Test
  @Timeout(10)
  void taskAskingForNegativeGpus_isAUsageErrorNamingTheTask() {
    String key = Recorder.newKey("negative");
    Node small = Node.of(key, "small").out(dir).gpus(0);
    Node negative = Node.of(key, "negative").out(dir).gpus(-1);
    TestRun.Recorded events = new TestRun.Recorded();

    UsageException e = assertThrows(UsageException.class,
        () -> new Scheduler(RunOptions.defaults(dir).withGpus(List.of("0")))
            .listener(events).run(List.of(small, negative)));

    assertTrue(e.getMessage().startsWith(negative.id().toString()), e.getMessage());
    assertTrue(e.getMessage().contains("-1 GPUs"), e.getMessage());
    assertEquals(List.of(), TestRun.of(events).taskEvents(), "nothing started");
  }

  @Test
  @Timeout(10)
  void gpuTaskWithoutAPool_isAUsageError() {
    Node gpu = Node.of(Recorder.newKey("nopool"), "gpu").out(dir).gpus(1);
    UsageException e = assertThrows(UsageException.class,
        () -> new Scheduler(RunOptions.defaults(dir)).run(List.of(gpu)));
    assertTrue(e.getMessage().contains("needs 1 GPU(s) but the pool has 0 (pass --gpus"),
        e.getMessage());
  }

  @Test
  @Timeout(10)
  void gpuTaskWithoutAPool_runsOnCpu_withCpuFallback() throws Exception {
    String key = Recorder.newKey("fallback");
    Node gpu = Node.of(key, "gpu").out(dir).gpus(2);

    TestRun run = TestRun.run(RunOptions.defaults(dir).withCpuFallback(true), gpu);

    assertEquals(ExitCode.OK, run.summary.exitCode());
    assertEquals(List.of(), Recorder.intervals(key).get(0).gpus(), "no GPU ids: it runs on CPU");
  }

  @Test
  @Timeout(10)
  void cpuFallback_doesNotApplyWhenThereIsAPool() {
    Node huge = Node.of(Recorder.newKey("fallbackpool"), "huge").out(dir).gpus(3);
    UsageException e = assertThrows(UsageException.class, () -> new Scheduler(
        RunOptions.defaults(dir).withGpus(List.of("0")).withCpuFallback(true)).run(List.of(huge)));
    assertTrue(e.getMessage().contains("needs 3 GPU(s) but the pool has 1"), e.getMessage());
  }

  @Test
  void childProcesses_seeExactlyTheirAssignedGpus() throws Exception {
    String key = Recorder.newKey("cuda");
    Path out = Files.createDirectories(dir.resolve("out"));
    String show = "echo \"${CUDA_VISIBLE_DEVICES-unset}\" > " + out + "/seen-";
    ExecTask a = ExecTask.of(key, "a", show + "a; sleep 0.2").out(out).gpus(1);
    ExecTask b = ExecTask.of(key, "b", show + "b; sleep 0.2").out(out).gpus(1);
    ExecTask none = ExecTask.of(key, "none", show + "none").out(out);

    TestRun run = TestRun.run(RunOptions.defaults(dir).withWorkers(3).withGpus(List.of("0", "1")),
        a, b, none);

    assertEquals(ExitCode.OK, run.summary.exitCode(), run.summary.toString());
    List<String> seen = new ArrayList<>();
    for (ExecTask t : List.of(a, b)) {
      List<String> assigned = run.events(t, TaskState.RUNNING).get(0).gpus();
      assertEquals(1, assigned.size());
      String visible = Files.readString(out.resolve("seen-" + t.name)).trim();
      assertEquals(assigned.get(0), visible, t.name);
      seen.add(visible);
    }
    assertEquals(List.of("0", "1"), seen.stream().sorted().toList());
    assertEquals("", Files.readString(out.resolve("seen-none")).trim(),
        "with a pool, a task without GPUs sees CUDA_VISIBLE_DEVICES set to empty");
  }

  /**
   * Pool [0,1]: a 1-GPU task holds GPU 0 when a higher-priority 2-GPU task becomes ready, with
   * many 1-GPU tasks queued behind it. Smaller tasks may bypass the waiting one (no idle GPU), but
   * after maxBypass bypasses it reserves: no further 1-GPU task starts until it has.
   */
  @Test
  void waitingTwoGpuTask_reservesAfterMaxBypass_andIsNotStarved() throws Exception {
    String key = Recorder.newKey("starve");
    int maxBypass = 2;
    List<Node> roots = new ArrayList<>();
    roots.add(Node.of(key, "first").out(dir).gpus(1).millis(300).priority(20));
    Node big = Node.of(key, "big").out(dir).gpus(2).millis(50).priority(10);
    roots.add(big);
    for (int i = 0; i < 8; i++) {
      roots.add(Node.of(key, "small" + i).out(dir).gpus(1).millis(150));
    }

    TestRun run = TestRun.run(RunOptions.defaults(dir).withWorkers(2)
        .withGpus(List.of("0", "1")).withMaxBypass(maxBypass), roots.toArray(Node[]::new));

    assertEquals(ExitCode.OK, run.summary.exitCode());
    List<Interval> intervals = Recorder.intervals(key);
    Interval bigRun = intervals.stream().filter(i -> i.name().equals("big")).findFirst().get();
    List<String> startedBefore = intervals.stream()
        .filter(i -> i.startNanos() < bigRun.startNanos()).map(Interval::name).toList();
    assertTrue(startedBefore.size() >= 2, "a smaller task bypassed the waiting one: " + startedBefore);
    assertTrue(startedBefore.size() <= 1 + maxBypass,
        "1-GPU tasks kept starting past the reservation: " + startedBefore);
    long lastSmallEnd = intervals.stream().filter(i -> i.name().startsWith("small"))
        .mapToLong(Interval::endNanos).max().getAsLong();
    assertTrue(bigRun.startNanos() < lastSmallEnd);
    for (Interval a : intervals) {
      for (Interval b : intervals) {
        if (a != b && a.overlaps(b)) {
          assertTrue(Collections.disjoint(a.gpus(), b.gpus()), a + " / " + b);
        }
      }
    }
  }
}
