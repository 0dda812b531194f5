package dev.pipeline.engine.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.engine.event.RunFinished;
import dev.pipeline.engine.event.TaskState;
import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;
import dev.pipeline.engine.scheduler.RunOptions;
import dev.pipeline.engine.scheduler.Scheduler;
import dev.pipeline.api.targets.local.LocalFileTarget;
import dev.pipeline.engine.testing.CycleA;
import dev.pipeline.engine.testing.CycleB;
import dev.pipeline.engine.testing.Recorder;
import dev.pipeline.engine.testing.SelfCycle;
import dev.pipeline.engine.testing.TestRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class DependencyCycleTest {
  @TempDir Path dir;

  @Test
  void threeTaskCycle_isReportedAsAPathInRequirementOrder_andNothingRuns() throws Exception {
    String key = Recorder.newKey("abc");
    Path out = Files.createDirectories(dir.resolve("out"));
    TestRun.Recorded events = new TestRun.Recorded();
    Scheduler scheduler = new Scheduler(RunOptions.defaults(dir).withWorkers(2)).listener(events);

    DependencyCycleException e = assertThrows(DependencyCycleException.class,
        () -> scheduler.run(List.of(CycleA.of(key, out))));

    assertEquals("dependency cycle: CycleA(key=" + key + ") -> CycleB(key=" + key
        + ") -> CycleC(key=" + key + ") -> CycleA(key=" + key + ")"
        + " (each task requires the next); break one of these requires()", e.getMessage());
    assertEquals(List.of("CycleA(key=" + key + ")", "CycleB(key=" + key + ")",
        "CycleC(key=" + key + ")", "CycleA(key=" + key + ")"), e.cycle());
    assertEquals(ExitCode.CYCLE, e.exitCode());
    try (Stream<Path> files = Files.list(out)) {
      assertEquals(0, files.count(), "no task wrote anything");
    }
    for (String family : List.of("CycleA", "CycleB", "CycleC")) {
      assertEquals(0, Recorder.count(key, family), family + " ran");
    }
    TestRun run = TestRun.of(events);
    assertEquals(List.of(), run.taskEvents(), "no task event at all, RUNNING included");
    RunFinished finished = (RunFinished) events.events.get(events.events.size() - 1);
    assertEquals(ExitCode.CYCLE, finished.summary().exitCode());
  }

  @Test
  void cycle_isReportedFromTheRequestedTask() {
    String key = Recorder.newKey("bca");
    DependencyCycleException e = assertThrows(DependencyCycleException.class,
        () -> new Scheduler(RunOptions.defaults(dir)).run(List.of(CycleB.of(key, null))));
    assertTrue(e.getMessage().startsWith("dependency cycle: CycleB(key=" + key + ") -> CycleC(key="
        + key + ") -> CycleA(key=" + key + ") -> CycleB(key=" + key + ") "), e.getMessage());
  }

  @Test
  void selfRequirement_isACycle() {
    String key = Recorder.newKey("self");
    DependencyCycleException e = assertThrows(DependencyCycleException.class,
        () -> new Scheduler(RunOptions.defaults(dir)).run(List.of(SelfCycle.of(key))));
    assertTrue(e.getMessage().startsWith(
        "dependency cycle: SelfCycle(key=" + key + ") -> SelfCycle(key=" + key + ") "),
        e.getMessage());
    assertEquals(0, Recorder.count(key, "SelfCycle"));
  }

  @Test
  void cycleBehindACompleteTask_isNeverExplored() throws Exception {
    String key = Recorder.newKey("done");
    Path out = Files.createDirectories(dir.resolve("out"));
    Files.writeString(out.resolve("A.txt"), "made earlier");
    TestRun run = TestRun.run(RunOptions.defaults(dir), CycleA.of(key, out));
    assertEquals(ExitCode.OK, run.summary.exitCode());
    assertEquals(1, run.summary.count(TaskState.COMPLETE));
  }

  @Test
  void cycleIntroducedByDynamicRequires_failsThatTaskWithTheCycle() throws Exception {
    String key = Recorder.newKey("dyn");
    Path out = Files.createDirectories(dir.resolve("out"));
    DynamicLoop d = DynamicLoop.of(key, out);
    Task unrelated = dev.pipeline.engine.testing.Node.of(key, "unrelated").out(out);

    TestRun run = TestRun.run(RunOptions.defaults(dir).withWorkers(2), d, unrelated);

    assertEquals(TaskState.FAILED, run.finalState(d));
    String message = run.events(d, TaskState.FAILED).get(0).message();
    assertTrue(message.startsWith("dependency cycle: DynamicLoop(key=" + key
        + ") -> LoopBack(key=" + key + ") -> DynamicLoop(key=" + key + ") "), message);
    assertEquals(List.of(), run.events(TaskState.RUNNING).stream()
        .filter(e -> !e.task().equals(unrelated.id())).toList(), "only the unrelated task ran");
    assertEquals(0, Recorder.count(key, "DynamicLoop"));
    assertEquals(0, Recorder.count(key, "LoopBack"));
    assertEquals(TaskState.DONE, run.finalState(unrelated));
    assertEquals(ExitCode.TASK_FAILED, run.summary.exitCode());
    assertEquals(1, run.summary.failures().size());
  }

  /** Dynamically requires {@link LoopBack}, which requires this task again. */
  @Family("DynamicLoop")
  public static class DynamicLoop extends Task {
    @Param public String key;
    @Param(significant = false) public Path out;

    static DynamicLoop of(String key, Path out) {
      DynamicLoop t = new DynamicLoop();
      t.key = key;
      t.out = out;
      return t;
    }

    @Override
    public Object dynamicRequires() {
      return LoopBack.of(key, out);
    }

    @Override
    public Object output() {
      return new LocalFileTarget(out.resolve("loop.txt"));
    }

    @Override
    public void run(TaskContext context) throws Exception {
      Recorder.increment(key, "DynamicLoop");
      ((LocalFileTarget) outputTarget()).writeString("x");
    }
  }

  @Family("LoopBack")
  public static class LoopBack extends Task {
    @Param public String key;
    @Param(significant = false) public Path out;

    static LoopBack of(String key, Path out) {
      LoopBack t = new LoopBack();
      t.key = key;
      t.out = out;
      return t;
    }

    @Override
    public Object requires() {
      return DynamicLoop.of(key, out);
    }

    @Override
    public Object output() {
      return new LocalFileTarget(out.resolve("back.txt"));
    }

    @Override
    public void run(TaskContext context) throws Exception {
      Recorder.increment(key, "LoopBack");
      ((LocalFileTarget) outputTarget()).writeString("x");
    }
  }
}
