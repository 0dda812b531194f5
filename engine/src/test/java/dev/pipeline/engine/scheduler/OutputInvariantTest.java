package dev.pipeline.engine.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.error.ExitCode;
import dev.pipeline.api.targets.local.LocalFileTarget;
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

/**
 * The central invariant: a task is done only when its outputs exist. A {@code run()} that returns
 * normally without producing them is a failure, never a success, and nothing downstream runs.
 */
@Timeout(30)
class OutputInvariantTest {
  @TempDir Path dir;

  @Test
  void runThatReturnsWithoutItsOutput_fails_andItsDependentsDoNotRun() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    Forgetful forgetful = Forgetful.of(out, 0);
    Node after = Node.of(Recorder.newKey("invariant"), "after").out(out).requires(forgetful);

    TestRun run = TestRun.run(RunOptions.defaults(dir), after);

    assertEquals(TaskState.FAILED, run.finalState(forgetful));
    String message = run.events(forgetful, TaskState.FAILED).get(0).message();
    assertTrue(message.startsWith("run() returned but did not produce "), message);
    assertTrue(message.contains(out.resolve("a.txt").toString()), message);
    assertEquals(TaskState.UPSTREAM_FAILED, run.finalState(after));
    assertEquals(ExitCode.TASK_FAILED, run.summary.exitCode());
  }

  @Test
  void runThatProducesOnlySomeOutputs_fails_andIsNotCompleteNextTime() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    Forgetful half = Forgetful.of(out, 1); // writes a.txt, forgets b.txt

    TestRun first = TestRun.run(RunOptions.defaults(dir), half);
    assertEquals(TaskState.FAILED, first.finalState(half));
    String message = first.events(half, TaskState.FAILED).get(0).message();
    assertTrue(message.contains(out.resolve("b.txt").toString()), message);
    assertTrue(!message.contains(out.resolve("a.txt").toString()), message);

    TestRun second = TestRun.run(RunOptions.defaults(dir), half);
    assertEquals(List.of(TaskState.RUNNING, TaskState.FAILED), second.states(half),
        "the half-done task is not complete: it runs (and fails) again");
  }

  /** Declares a.txt and b.txt, writes only the first {@code writes} of them. */
  @Family(value = "TestForgetful", description = "test task that forgets its outputs")
  public static class Forgetful extends Task {
    @Param public int writes;
    @Param(significant = false) public Path out;

    static Forgetful of(Path out, int writes) {
      Forgetful t = new Forgetful();
      t.out = out;
      t.writes = writes;
      return t;
    }

    @Override
    public Object output() {
      return List.of(new LocalFileTarget(out.resolve("a.txt")),
          new LocalFileTarget(out.resolve("b.txt")));
    }

    @Override
    public void run(TaskContext context) throws Exception {
      List<Object> outputs = (List<Object>) output();
      for (int i = 0; i < writes; i++) {
        ((LocalFileTarget) outputs.get(i)).writeString("ok\n");
      }
    }
  }
}
