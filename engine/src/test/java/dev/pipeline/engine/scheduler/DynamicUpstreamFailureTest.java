package dev.pipeline.engine.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.engine.event.TaskState;
import dev.pipeline.api.Param;
import dev.pipeline.api.Task;
import dev.pipeline.engine.testing.Node;
import dev.pipeline.engine.testing.Recorder;
import dev.pipeline.engine.testing.TestRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A dynamic requirement whose own requirement already failed fails its whole new chain. */
@Timeout(30)
class DynamicUpstreamFailureTest {
  @TempDir Path dir;

  /** Statically requires {@code first}; dynamically requires {@code dynamic}. */
  public static class Late extends Task {
    @Param public String key = "k";
    public Task first;
    public Task dynamic;
    public Path out;

    @Override
    public Object requires() {
      return first;
    }

    @Override
    public Object dynamicRequires() {
      return dynamic;
    }

    @Override
    public Object output() {
      return new dev.pipeline.api.targets.local.LocalFileTarget(out.resolve("late.txt"));
    }
  }

  @Test
  void newTasksBehindAFailedRequirement_areUpstreamFailed_notLeftPending() {
    String key = Recorder.newKey("dynfail");
    Node failing = Node.of(key, "failing").out(dir).failTimes(1).permanent().priority(10);
    Node inner = Node.of(key, "inner").out(dir).requires(failing);
    Node outer = Node.of(key, "outer").out(dir).requires(inner);
    Late late = new Late();
    late.key = key;
    late.first = Node.of(key, "first").out(dir);
    late.dynamic = outer;
    late.out = dir;

    // One worker: "failing" (higher priority) fails before "first" completes and late's dynamic
    // requirements (outer -> inner -> failing) are attached.
    TestRun run = TestRun.run(RunOptions.defaults(dir), failing, late);

    assertEquals(ExitCode.TASK_FAILED, run.summary.exitCode());
    assertEquals(TaskState.FAILED, run.finalState(failing));
    assertEquals(TaskState.DONE, run.finalState(late.first));
    assertEquals(TaskState.UPSTREAM_FAILED, run.finalState(inner));
    assertEquals(TaskState.UPSTREAM_FAILED, run.finalState(outer));
    assertEquals(TaskState.UPSTREAM_FAILED, run.finalState(late));
    assertEquals(0, run.summary.count(TaskState.NOT_RUN), run.summary.counts().toString());
    assertEquals(0, Recorder.count(key, "inner") + Recorder.count(key, "outer"));
  }
}
