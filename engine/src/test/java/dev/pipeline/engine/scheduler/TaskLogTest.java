package dev.pipeline.engine.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.engine.event.TaskState;
import dev.pipeline.engine.testing.ExecTask;
import dev.pipeline.engine.testing.Recorder;
import dev.pipeline.engine.testing.TestRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Where a task's output goes: System.out of run(), its child processes, and failure messages. */
@Timeout(30)
class TaskLogTest {
  @TempDir Path dir;

  @Test
  void systemOutOfRun_andChildProcessOutput_landInTheTaskLog() throws Exception {
    String key = Recorder.newKey("log");
    ExecTask task = ExecTask.of(key, "talk", "echo from the child; echo child stderr >&2")
        .message("hello from run()").out(dir.resolve("out"));

    TestRun run = TestRun.run(RunOptions.defaults(dir), task);

    assertEquals(ExitCode.OK, run.summary.exitCode());
    Path log = run.events(task, TaskState.RUNNING).get(0).log();
    assertEquals(dir.resolve(".pipeline/logs/TestExec/TestExec-" + task.id().digest() + ".log"),
        log);
    assertEquals(log, run.events(task, TaskState.DONE).get(0).log());
    String text = Files.readString(log);
    assertTrue(text.startsWith("=== " + task.id() + " attempt 1 at "), text);
    assertTrue(text.contains("hello from run()\n"), text);
    assertTrue(text.contains("from the child\n"), text);
    assertTrue(text.contains("child stderr\n"), text);
    assertTrue(text.indexOf("hello from run()") < text.indexOf("from the child"),
        "what run() printed before starting the command comes first");
  }

  @Test
  void concurrentTasks_eachWriteOnlyToTheirOwnLog() throws Exception {
    String key = Recorder.newKey("two");
    ExecTask a = ExecTask.of(key, "a", "sleep 0.1").message("I am a").out(dir.resolve("out"));
    ExecTask b = ExecTask.of(key, "b", "sleep 0.1").message("I am b").out(dir.resolve("out"));

    TestRun run = TestRun.run(RunOptions.defaults(dir).withWorkers(2), a, b);

    assertEquals(ExitCode.OK, run.summary.exitCode());
    String logA = Files.readString(run.events(a, TaskState.RUNNING).get(0).log());
    String logB = Files.readString(run.events(b, TaskState.RUNNING).get(0).log());
    assertTrue(logA.contains("I am a") && !logA.contains("I am b"), logA);
    assertTrue(logB.contains("I am b") && !logB.contains("I am a"), logB);
  }

  @Test
  void failingCommand_reportsItsExitCodeAndTheLastLinesOfTheLog() throws Exception {
    String key = Recorder.newKey("fail");
    ExecTask task = ExecTask.of(key, "noisy",
        "for i in $(seq 1 30); do echo line $i; done; exit 3").out(dir.resolve("out"));

    TestRun run = TestRun.run(RunOptions.defaults(dir), task);

    assertEquals(ExitCode.TASK_FAILED, run.summary.exitCode());
    Path log = run.events(task, TaskState.RUNNING).get(0).log();
    String message = run.events(task, TaskState.FAILED).get(0).message();
    assertTrue(message.startsWith("command 'bash' exited with code 3; last lines of " + log
        + ":\n"), message);
    assertTrue(message.endsWith("line 21\nline 22\nline 23\nline 24\nline 25\nline 26\nline 27"
        + "\nline 28\nline 29\nline 30"), message);
    assertFalse(message.contains("line 20\n"), message);
    assertEquals(message, run.summary.failures().get(0).message());
    assertEquals(log, run.summary.failures().get(0).log());
  }

  @Test
  void taskThatPrintsNothing_getsNoLogFile() throws Exception {
    String key = Recorder.newKey("quiet");
    dev.pipeline.engine.testing.Node quiet =
        dev.pipeline.engine.testing.Node.of(key, "quiet").out(dir.resolve("out"));

    TestRun run = TestRun.run(RunOptions.defaults(dir), quiet);

    assertEquals(ExitCode.OK, run.summary.exitCode());
    assertFalse(Files.exists(run.events(quiet, TaskState.RUNNING).get(0).log()));
  }
}
