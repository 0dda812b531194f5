package dev.pipeline.engine.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.engine.event.TaskState;
import dev.pipeline.engine.testing.Branch;
import dev.pipeline.engine.testing.FanOut;
import dev.pipeline.engine.testing.Recorder;
import dev.pipeline.engine.testing.Segments;
import dev.pipeline.engine.testing.TestRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One branch per line of a file written upstream, without ever re-running run(). */
@Timeout(30)
class DynamicRequirementsTest {
  @TempDir Path dir;

  @Test
  void branchesFromAFileWrittenUpstream_runOnce_andRunIsCalledOnce() throws Exception {
    String key = Recorder.newKey("fan");
    Path out = Files.createDirectories(dir.resolve("out"));
    FanOut fan = FanOut.of(key, out, List.of("a", "b", "c"));

    TestRun first = TestRun.run(RunOptions.defaults(dir).withWorkers(2), fan);

    assertEquals(ExitCode.OK, first.summary.exitCode(), first.summary.toString());
    assertEquals(1, Recorder.count(key, "segments"));
    assertEquals(1, Recorder.count(key, "dynamic"), "dynamicRequires() is called once");
    assertEquals(1, Recorder.count(key, "fanout"), "run() of the dynamic task is called once");
    for (String s : List.of("a", "b", "c")) {
      assertEquals(1, Recorder.count(key, "branch-" + s), "branch " + s);
      assertEquals(TaskState.DONE, first.finalState(Branch.of(key, s, out)));
    }
    assertEquals(List.of(TaskState.RUNNING, TaskState.DONE), first.states(fan).stream()
        .filter(s -> s == TaskState.RUNNING || s == TaskState.DONE).toList());
    assertEquals("a\nb\nc\n", Files.readString(out.resolve("merged.txt")));
    assertEquals(5, first.summary.count(TaskState.DONE));

    TestRun second = TestRun.run(RunOptions.defaults(dir).withWorkers(2), fan);

    assertEquals(ExitCode.OK, second.summary.exitCode());
    assertEquals(0, second.summary.count(TaskState.DONE), "a second run runs nothing");
    assertEquals(List.of(), second.events(TaskState.RUNNING));
    assertEquals(1, Recorder.count(key, "dynamic"), "a complete task's dynamicRequires() is not called");
    assertEquals(1, Recorder.count(key, "fanout"));
  }

  @Test
  void aNewSegment_runsOnlyItsBranchAndTheDynamicTask() throws Exception {
    String key = Recorder.newKey("grow");
    Path out = Files.createDirectories(dir.resolve("out"));
    FanOut fan = FanOut.of(key, out, List.of("a", "b", "c"));
    assertEquals(ExitCode.OK, TestRun.run(RunOptions.defaults(dir), fan).summary.exitCode());

    Files.writeString(out.resolve("segments.txt"), "d\n", StandardOpenOption.APPEND);
    Files.delete(out.resolve("merged.txt"));
    TestRun again = TestRun.run(RunOptions.defaults(dir).withWorkers(2), fan);

    assertEquals(ExitCode.OK, again.summary.exitCode(), again.summary.toString());
    assertEquals(1, Recorder.count(key, "branch-d"));
    for (String s : List.of("a", "b", "c")) {
      assertEquals(1, Recorder.count(key, "branch-" + s), "existing branch " + s + " re-ran");
      assertEquals(List.of(), again.states(Branch.of(key, s, out)), "complete: not scheduled");
    }
    assertEquals(1, Recorder.count(key, "segments"), "the complete upstream task did not re-run");
    assertEquals(List.of(), again.states(Segments.of(key, out, List.of())));
    assertEquals(4, again.summary.count(TaskState.COMPLETE), "segments and three branches");
    assertEquals(2, Recorder.count(key, "fanout"));
    assertEquals(2, again.summary.count(TaskState.DONE), "the new branch and the dynamic task");
    assertEquals("a\nb\nc\nd\n", Files.readString(out.resolve("merged.txt")));
  }

  @Test
  void aFailingDynamicBranch_failsTheDynamicTaskUpstream() throws Exception {
    String key = Recorder.newKey("bad");
    Path out = Files.createDirectories(dir.resolve("out"));
    // A branch whose output directory cannot be created (a file is in the way) fails.
    Files.writeString(out.resolve("segments.txt"), "ok\nbad/x\n");
    Files.writeString(out.resolve("branch-bad"), "a file, not a directory");
    FanOut fan = FanOut.of(key, out, List.of());

    TestRun run = TestRun.run(RunOptions.defaults(dir).withWorkers(2), fan);

    assertEquals(ExitCode.TASK_FAILED, run.summary.exitCode());
    assertEquals(TaskState.FAILED, run.finalState(Branch.of(key, "bad/x", out)));
    assertEquals(TaskState.DONE, run.finalState(Branch.of(key, "ok", out)));
    assertEquals(TaskState.UPSTREAM_FAILED, run.finalState(fan));
    assertEquals(0, Recorder.count(key, "fanout"));
    assertTrue(run.events(fan, TaskState.UPSTREAM_FAILED).get(0).message().contains("bad/x"));
  }
}
