package dev.pipeline.engine.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.engine.event.RunSummary;
import dev.pipeline.engine.event.TaskState;
import dev.pipeline.engine.testing.ExecTask;
import dev.pipeline.engine.testing.Node;
import dev.pipeline.engine.testing.Processes;
import dev.pipeline.engine.testing.Recorder;
import dev.pipeline.engine.testing.TestRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** External commands run by tasks: time limits and termination of their whole process tree. */
@Timeout(60)
class CommandTest {
  @TempDir Path dir;
  private final List<Long> started = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    started.forEach(Processes::killTree);
  }

  @Test
  void commandTimeout_failsTheTask_andTheWorkerGoesOn() throws Exception {
    String key = Recorder.newKey("timeout");
    Path out = Files.createDirectories(dir.resolve("out"));
    Path pid = out.resolve("pid");
    ExecTask slow = ExecTask.of(key, "slow", "echo $$ > " + pid + "; exec sleep 30").out(out)
        .timeout(Duration.ofMillis(500));
    Node after = Node.of(key, "after").out(out);

    long t0 = System.nanoTime();
    TestRun run = TestRun.run(RunOptions.defaults(dir), slow, after); // one worker
    long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

    started.addAll(Processes.pids(pid));
    assertEquals(TaskState.FAILED, run.finalState(slow));
    String message = run.events(slow, TaskState.FAILED).get(0).message();
    assertTrue(message.startsWith("command 'bash' timed out after 500ms and was killed"), message);
    assertEquals(TaskState.DONE, run.finalState(after), "the same worker ran the next task");
    assertTrue(run.taskEvents().indexOf(run.events(after, TaskState.RUNNING).get(0))
        > run.taskEvents().indexOf(run.events(slow, TaskState.FAILED).get(0)));
    assertEquals(ExitCode.TASK_FAILED, run.summary.exitCode());
    assertTrue(elapsed >= 500 && elapsed < 10_000, elapsed + " ms");
    assertTrue(Processes.awaitGone(started.get(0), Duration.ofSeconds(10)),
        "the timed-out command was killed");
  }

  @Test
  void aStaleWriterOfAnEarlierRun_neverDecidesThisAttemptsOutcome() throws Exception {
    String key = Recorder.newKey("stale");
    Path out = Files.createDirectories(dir.resolve("out"));
    ExecTask failing = ExecTask.of(key, "failing", "sleep 0.5; exit 7").out(out);
    // An orphan of a killed earlier run finishing the same task, attempt and command with success:
    // it writes where that run's wrapper wrote, over and over.
    Path jobs = dir.resolve(".pipeline/jobs").resolve(failing.id().digest());
    Files.createDirectories(jobs);
    Thread orphan = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        try {
          Files.writeString(jobs.resolve("attempt1-cmd1.exitcode"), "0\n");
          Thread.sleep(5);
        } catch (Exception e) {
          return;
        }
      }
    });
    orphan.setDaemon(true);
    orphan.start();
    try {
      TestRun run = TestRun.run(RunOptions.defaults(dir), failing);
      assertEquals(TaskState.FAILED, run.finalState(failing));
      String message = run.events(failing, TaskState.FAILED).get(0).message();
      assertTrue(message.startsWith("command 'bash' exited with code 7"), message);
      assertTrue(Files.notExists(out.resolve("failing.txt")));
    } finally {
      orphan.interrupt();
    }
  }

  @Test
  void interrupt_terminatesTheWholeProcessTreeOfARunningCommand() throws Exception {
    String key = Recorder.newKey("tree");
    Path out = Files.createDirectories(dir.resolve("out"));
    Path pid = out.resolve("pid");
    ExecTask tree = ExecTask.of(key, "tree",
        "echo $$ > " + pid + ".tmp; mv " + pid + ".tmp " + pid + "; sleep 300 & sleep 300; wait")
        .out(out);
    Node waiting = Node.of(key, "waiting").out(out).requires(tree);
    Scheduler scheduler = new Scheduler(RunOptions.defaults(dir));
    TestRun.Recorded events = new TestRun.Recorded();
    scheduler.listener(events);
    CompletableFuture<RunSummary> result =
        CompletableFuture.supplyAsync(() -> scheduler.run(List.of(waiting)), runnable -> {
          Thread t = new Thread(runnable, "test-run");
          t.setDaemon(true);
          t.start();
        });

    assertTrue(Processes.await(Duration.ofSeconds(10), () -> Files.exists(pid)));
    long shell = Processes.pids(pid).get(0);
    ProcessHandle shellHandle = ProcessHandle.of(shell).orElseThrow();
    assertTrue(Processes.await(Duration.ofSeconds(10),
        () -> shellHandle.children().count() == 2), "both sleeps started");
    List<Long> treePids = new ArrayList<>();
    // The command is the job itself, a child of the engine: no wrapper in between.
    assertEquals(ProcessHandle.current().pid(), shellHandle.parent().orElseThrow().pid());
    treePids.add(shell);
    shellHandle.descendants().forEach(p -> treePids.add(p.pid()));
    started.addAll(treePids);
    assertEquals(3, treePids.size(), treePids.toString());

    long t0 = System.nanoTime();
    scheduler.interrupt();
    RunSummary summary = result.get(20, TimeUnit.SECONDS);
    long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

    for (long p : treePids) {
      assertTrue(Processes.awaitGone(p, Duration.ofSeconds(10)), "process " + p + " survived");
    }
    assertTrue(elapsed < 10_000, "interruption took " + elapsed + " ms");
    assertEquals(ExitCode.INTERRUPTED, summary.exitCode());
    assertEquals(130, summary.exitCode().code());
    TestRun run = TestRun.of(events);
    assertEquals(TaskState.INTERRUPTED, run.finalState(tree));
    assertEquals(List.of(TaskState.NOT_RUN), run.states(waiting));
    assertEquals("run interrupted", run.events(waiting, TaskState.NOT_RUN).get(0).message());
  }

  @Test
  void interrupt_stopsATaskSleepingInJava() throws Exception {
    String key = Recorder.newKey("java");
    Node sleeper = Node.of(key, "sleeper").out(dir).millis(60_000);
    Scheduler scheduler = new Scheduler(RunOptions.defaults(dir));
    TestRun.Recorded events = new TestRun.Recorded();
    scheduler.listener(events);
    Thread runner = new Thread(() -> scheduler.run(List.of(sleeper)));
    runner.start();
    assertTrue(Processes.await(Duration.ofSeconds(10), () -> Recorder.count(key, "sleeper") == 1));

    scheduler.interrupt();
    runner.join(10_000);

    assertTrue(!runner.isAlive(), "the run ended");
    assertEquals(TaskState.INTERRUPTED, TestRun.of(events).finalState(sleeper));
    assertTrue(Files.notExists(dir.resolve("sleeper.txt")));
  }
}
