package dev.pipeline.engine.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.engine.event.RunSummary;
import dev.pipeline.engine.event.TaskState;
import dev.pipeline.engine.executor.grid.GridOptions;
import dev.pipeline.engine.executor.grid.JobResources;
import dev.pipeline.engine.executor.slurm.SlurmExecutor;
import dev.pipeline.api.Task;
import dev.pipeline.engine.remote.JobRecords;
import dev.pipeline.engine.remote.RemoteExecution;
import dev.pipeline.engine.remote.RemoteTaskSettings;
import dev.pipeline.engine.remote.RemoteTestTasks.Leaf;
import dev.pipeline.engine.remote.RemoteTestTasks.Root;
import dev.pipeline.engine.remote.TaskCommandLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler with cluster tasks against a fake SLURM: arrays, wall-time resubmission,
 * re-attach, Ctrl-C and fail-fast cancellation, GPUs that are the cluster's. Fast; no SLURM.
 */
class RemoteRunTest {
  @TempDir Path dir;
  private final FakeSlurm slurm = new FakeSlurm();
  private int maxRestarts;

  private Root root(int n, int gpus) {
    Root r = Task.create(Root.class, "out", dir.resolve("out"), "n", n, "gpus", gpus);
    return r;
  }

  private Scheduler scheduler(boolean failFast) {
    RemoteExecution remote = new RemoteExecution(new RemoteExecution.Selector() {
      @Override
      public String executorFor(Task task) {
        return task instanceof Leaf ? "slurm" : RemoteExecution.LOCAL;
      }

      @Override
      public RemoteTaskSettings settings(Task task) {
        return new RemoteTaskSettings("slurm", JobResources.DEFAULT.withGpus(task.resources().gpus()),
            maxRestarts, 0, 1000);
      }
    }, name -> new SlurmExecutor(GridOptions.of(dir.resolve(".pipeline"), slurm.runner)
        .withPollInterval(Duration.ofMillis(20)).withExitGrace(Duration.ofMillis(200)), "me",
        SlurmExecutor.Accounting.AUTO),
        new TaskCommandLine(List.of("pipeline"), dir, null, List.of()));
    RunOptions options = RunOptions.defaults(dir).withWorkers(2).withFailFast(failFast)
        .withCaptureOutput(false);
    return new Scheduler(options).remote(remote);
  }

  private CompletableFuture<RunSummary> start(Scheduler s, Task root) {
    return CompletableFuture.supplyAsync(() -> s.run(List.of(root)));
  }

  /** The node's side of a successful job: output written, exit code 0, COMPLETED. */
  private void succeed(FakeSlurm.Job job, int index) throws Exception {
    Files.createDirectories(dir.resolve("out"));
    Files.writeString(dir.resolve("out").resolve("leaf-" + index), "ok");
    slurm.finish(job.id(), "COMPLETED", 0);
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(10);
    }
  }

  @Test
  void fanOut_isOneJobArray_andTheRunCompletes() throws Exception {
    CompletableFuture<RunSummary> run = start(scheduler(false), root(5, 0));
    await(() -> slurm.jobs().size() == 5, "5 array elements");
    assertEquals(1, slurm.submissions().size());
    assertTrue(Files.readString(slurm.submissions().get(0).resolve("job.sh")).contains("--array=0-4"));
    for (FakeSlurm.Job j : slurm.jobs()) {
      succeed(j, j.index());
    }
    RunSummary summary = run.get(10, TimeUnit.SECONDS);
    assertEquals(ExitCode.OK, summary.exitCode());
    assertEquals(6, summary.count(TaskState.DONE)); // the leaves, then the local wrapper
    assertEquals(1, slurm.runner.calls("sbatch").size());
  }

  @Test
  void wallTimeKill_isResubmittedWithItsRestartCount_upToMaxRestarts() throws Exception {
    maxRestarts = 2;
    CompletableFuture<RunSummary> run = start(scheduler(false), root(1, 0));
    for (int restart = 0; restart <= 2; restart++) {
      int expected = restart + 1;
      await(() -> slurm.jobs().size() == expected, "submission " + expected);
      FakeSlurm.Job job = slurm.jobs().get(restart);
      assertTrue(job.env().contains("PIPELINE_RESTART_COUNT=" + restart), job.env().toString());
      assertTrue(job.env().stream().anyMatch(e -> e.startsWith("PIPELINE_CHECKPOINT_DIR=")));
      slurm.finish(job.id(), "TIMEOUT", 143);
    }
    RunSummary summary = run.get(10, TimeUnit.SECONDS);
    assertEquals(ExitCode.TASK_FAILED, summary.exitCode());
    String message = summary.failures().get(0).message();
    assertTrue(message.contains("killed at its wall time after 2 restart(s) (max_restarts = 2)"), message);
    String log = Files.readString(summary.failures().get(0).log());
    assertTrue(log.contains("resubmitting (restart 1 of 2)") && log.contains("(restart 2 of 2)"), log);
  }

  @Test
  void wallTimeKill_thenSuccess_completesTheTask() throws Exception {
    maxRestarts = 1;
    CompletableFuture<RunSummary> run = start(scheduler(false), root(1, 0));
    await(() -> slurm.jobs().size() == 1, "first submission");
    slurm.finish(slurm.jobs().get(0).id(), "TIMEOUT", null); // SIGKILLed before writing a code
    await(() -> slurm.jobs().size() == 2, "resubmission");
    succeed(slurm.jobs().get(1), 0);
    assertEquals(ExitCode.OK, run.get(10, TimeUnit.SECONDS).exitCode());
  }

  @Test
  void restartedEngine_reattachesToItsLiveJob_withoutSubmitting() throws Exception {
    Leaf leaf = Task.create(Leaf.class, "out", dir.resolve("out"), "index", 0, "gpus", 0);
    Path exit = dir.resolve("earlier.exitcode");
    new JobRecords(dir.resolve(".pipeline")).save(leaf.id(), new JobRecords.JobRecord(
        leaf.id().canonical(), "slurm", "77", 1, 0, exit.toString(),
        dir.resolve("earlier.result.json").toString(), dir.toString(), "2026-01-01T00:00:00Z"));
    slurm.adopt("77", exit, "RUNNING");
    CompletableFuture<RunSummary> run = start(scheduler(false), root(1, 0));
    await(() -> slurm.runner.calls("squeue").size() >= 2, "the re-attached job polled");
    assertEquals(0, slurm.runner.calls("sbatch").size());
    Files.createDirectories(dir.resolve("out"));
    Files.writeString(dir.resolve("out").resolve("leaf-0"), "ok");
    slurm.finish("77", "COMPLETED", 0);
    assertEquals(ExitCode.OK, run.get(10, TimeUnit.SECONDS).exitCode());
    assertEquals(0, slurm.runner.calls("sbatch").size());
    assertTrue(!Files.exists(new JobRecords(dir.resolve(".pipeline")).file(leaf.id())));
  }

  @Test
  void reattach_toAJobThatIsGone_submitsAgain() throws Exception {
    Leaf leaf = Task.create(Leaf.class, "out", dir.resolve("out"), "index", 0, "gpus", 0);
    new JobRecords(dir.resolve(".pipeline")).save(leaf.id(), new JobRecords.JobRecord(
        leaf.id().canonical(), "slurm", "66", 1, 0, dir.resolve("gone.exitcode").toString(),
        dir.resolve("gone.result.json").toString(), dir.toString(), "2026-01-01T00:00:00Z"));
    CompletableFuture<RunSummary> run = start(scheduler(false), root(1, 0));
    await(() -> slurm.jobs().size() == 1, "a new submission");
    succeed(slurm.jobs().get(0), 0);
    assertEquals(ExitCode.OK, run.get(10, TimeUnit.SECONDS).exitCode());
  }

  @Test
  void interrupt_cancelsEveryJobInOneBatch() throws Exception {
    Scheduler s = scheduler(false);
    CompletableFuture<RunSummary> run = start(s, root(3, 0));
    await(() -> slurm.jobs().size() == 3, "3 jobs");
    await(() -> slurm.runner.calls("squeue").size() > 0, "the jobs followed");
    s.interrupt();
    RunSummary summary = run.get(10, TimeUnit.SECONDS);
    assertEquals(ExitCode.INTERRUPTED, summary.exitCode());
    // One batched scancel (two when the interruption raced the submission itself).
    List<List<String>> cancels = slurm.runner.calls("scancel");
    assertTrue(cancels.size() >= 1 && cancels.size() <= 2, cancels.toString());
    cancels.forEach(c -> assertEquals(4, c.size(), cancels.toString()));
    slurm.jobs().forEach(j -> assertEquals("CANCELLED", slurm.state(j.id())));
  }

  @Test
  void failFast_cancelsJobsStillQueued_letsRunningOnesFinish() throws Exception {
    CompletableFuture<RunSummary> run = start(scheduler(true), root(3, 0));
    await(() -> slurm.jobs().size() == 3, "3 jobs");
    List<FakeSlurm.Job> jobs = slurm.jobs();
    slurm.setState(jobs.get(1).id(), "PENDING");
    int polls = slurm.runner.calls("squeue").size();
    await(() -> slurm.runner.calls("squeue").size() >= polls + 2, "a poll that sees it queued");
    slurm.finish(jobs.get(0).id(), "FAILED", 3);
    await(() -> "CANCELLED".equals(slurm.state(jobs.get(1).id())), "the queued job cancelled");
    assertEquals("RUNNING", slurm.state(jobs.get(2).id()));
    succeed(jobs.get(2), 2);
    RunSummary summary = run.get(10, TimeUnit.SECONDS);
    assertEquals(ExitCode.TASK_FAILED, summary.exitCode());
    assertEquals(1, summary.count(TaskState.DONE));
    assertEquals(1, summary.count(TaskState.INTERRUPTED));
  }

  @Test
  void gpuTasks_askTheClusterNotTheLocalPool() throws Exception {
    CompletableFuture<RunSummary> run = start(scheduler(false), root(2, 2));
    await(() -> slurm.jobs().size() == 2, "2 jobs");
    assertTrue(Files.readString(slurm.submissions().get(0).resolve("job.sh")).contains("#SBATCH --gres=gpu:2"));
    for (FakeSlurm.Job j : slurm.jobs()) {
      succeed(j, j.index());
    }
    assertEquals(ExitCode.OK, run.get(10, TimeUnit.SECONDS).exitCode());
  }
}
