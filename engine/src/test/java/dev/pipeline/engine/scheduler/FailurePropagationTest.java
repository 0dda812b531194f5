package dev.pipeline.engine.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.engine.event.RunSummary;
import dev.pipeline.engine.event.TaskEvent;
import dev.pipeline.engine.event.TaskState;
import dev.pipeline.engine.testing.Node;
import dev.pipeline.engine.testing.Recorder;
import dev.pipeline.engine.testing.TestRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class FailurePropagationTest {
  @TempDir Path dir;

  @Test
  void failingLeaf_failsItsDependentsUpstream_andAnIndependentBranchStillCompletes()
      throws Exception {
    String key = Recorder.newKey("branches");
    Path out = Files.createDirectories(dir.resolve("out"));
    Node leaf = Node.of(key, "leaf").out(out).failTimes(1).priority(10);
    Node middle = Node.of(key, "middle").out(out).requires(leaf);
    Node independent = Node.of(key, "independent").out(out).millis(20);
    Node root = Node.of(key, "root").out(out).requires(middle, independent);

    // One worker and a high-priority leaf: the independent branch starts after the failure.
    TestRun run = TestRun.run(RunOptions.defaults(dir), root);

    assertEquals(TaskState.FAILED, run.finalState(leaf));
    assertEquals(List.of(TaskState.UPSTREAM_FAILED), run.states(middle));
    assertEquals(List.of(TaskState.UPSTREAM_FAILED), run.states(root));
    assertEquals(TaskState.DONE, run.finalState(independent));
    assertTrue(startedAfter(run, independent, leaf), "the independent task ran after the failure");
    assertEquals(0, Recorder.count(key, "middle"));
    assertEquals(0, Recorder.count(key, "root"));
    assertTrue(Files.exists(out.resolve("independent.txt")));
    assertEquals("requirement " + leaf.id() + " failed",
        run.events(middle, TaskState.UPSTREAM_FAILED).get(0).message());

    RunSummary s = run.summary;
    assertEquals(ExitCode.TASK_FAILED, s.exitCode());
    assertEquals(3, s.exitCode().code());
    assertEquals(1, s.count(TaskState.FAILED));
    assertEquals(2, s.count(TaskState.UPSTREAM_FAILED));
    assertEquals(1, s.count(TaskState.DONE));
    assertEquals(1, s.failures().size());
    assertEquals(leaf.id(), s.failures().get(0).task());
    assertEquals("leaf failed on attempt 1", s.failures().get(0).message());
  }

  @Test
  void failFast_launchesNothingNewAfterTheFailure_butLetsRunningTasksFinish() throws Exception {
    String key = Recorder.newKey("fast");
    Path out = Files.createDirectories(dir.resolve("out"));
    Node failing = Node.of(key, "failing").out(out).millis(50).failTimes(1).priority(10);
    Node running = Node.of(key, "running").out(out).millis(400).priority(5);
    Node x1 = Node.of(key, "x1").out(out);
    Node x2 = Node.of(key, "x2").out(out);
    Node x3 = Node.of(key, "x3").out(out);

    TestRun run = TestRun.run(RunOptions.defaults(dir).withWorkers(2).withFailFast(true),
        failing, running, x1, x2, x3);

    assertEquals(ExitCode.TASK_FAILED, run.summary.exitCode());
    assertEquals(TaskState.FAILED, run.finalState(failing));
    assertEquals(TaskState.DONE, run.finalState(running), "a task already running finishes");
    for (Node x : List.of(x1, x2, x3)) {
      assertEquals(List.of(TaskState.NOT_RUN), run.states(x), x.name);
      assertEquals(0, Recorder.count(key, x.name));
    }
    assertEquals(3, run.summary.count(TaskState.NOT_RUN));
    List<TaskEvent> events = run.taskEvents();
    int failedAt = events.indexOf(run.events(failing, TaskState.FAILED).get(0));
    assertEquals(List.of(), events.subList(failedAt, events.size()).stream()
        .filter(e -> e.state() == TaskState.RUNNING).toList(), "RUNNING after the failure");
    assertEquals("run stopped early", run.events(x1, TaskState.NOT_RUN).get(0).message());
  }

  @Test
  void withoutFailFast_everythingIndependentStillRuns() throws Exception {
    String key = Recorder.newKey("slow");
    Path out = Files.createDirectories(dir.resolve("out"));
    Node failing = Node.of(key, "failing").out(out).failTimes(1).priority(10);
    Node x1 = Node.of(key, "x1").out(out);
    Node x2 = Node.of(key, "x2").out(out);

    TestRun run = TestRun.run(RunOptions.defaults(dir), failing, x1, x2);

    assertEquals(ExitCode.TASK_FAILED, run.summary.exitCode());
    assertEquals(2, run.summary.count(TaskState.DONE));
    assertEquals(0, run.summary.count(TaskState.NOT_RUN));
  }

  private static boolean startedAfter(TestRun run, Node later, Node failed) {
    List<TaskEvent> events = run.taskEvents();
    return events.indexOf(run.events(later, TaskState.RUNNING).get(0))
        > events.indexOf(run.events(failed, TaskState.FAILED).get(0));
  }
}
