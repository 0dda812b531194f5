package dev.pipeline.engine.executor.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.engine.executor.JobHandle;
import dev.pipeline.engine.executor.JobSpec;
import dev.pipeline.engine.executor.JobState;
import dev.pipeline.engine.executor.JobStatus;
import dev.pipeline.engine.executor.Termination;
import dev.pipeline.engine.executor.grid.FakeCommandRunner;
import dev.pipeline.engine.executor.grid.GridJob;
import dev.pipeline.engine.executor.grid.GridOptions;
import dev.pipeline.engine.executor.grid.Golden;
import dev.pipeline.engine.executor.grid.JobResources;
import dev.pipeline.engine.executor.grid.Submission;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SLURM's command builders and parsers against recorded outputs; no SLURM needed. */
class SlurmExecutorTest {
  @TempDir Path root;
  private final FakeCommandRunner slurm = new FakeCommandRunner();
  private final AtomicLong clock = new AtomicLong();
  private SlurmExecutor executor;

  @BeforeEach
  void setUp() throws IOException {
    executor = executor(SlurmExecutor.Accounting.AUTO);
  }

  private SlurmExecutor executor(SlurmExecutor.Accounting accounting) throws IOException {
    GridOptions options = GridOptions.of(root.resolve(".pipeline"), slurm)
        .withExitGrace(Duration.ofSeconds(30)).withClock(clock::get);
    return new SlurmExecutor(options, "alice", accounting);
  }

  private JobSpec spec(String name) {
    return new JobSpec(name, List.of("/opt/pipeline/bin/pipeline", "run-task", name, "--x=1 2"),
        Map.of("PIPELINE_RESTART_COUNT", "0"), root, root.resolve("logs/" + name + ".log"),
        root.resolve("exit/" + name + ".exitcode"), null);
  }

  private String script(GridJob job) throws IOException {
    return Golden.normalise(Files.readString(job.submissionDirectory().resolve("job.sh")), root);
  }

  @Test
  void submit_singleJob_rendersTheBatchScriptAndParsesTheId() throws IOException {
    slurm.on("sbatch", "4711\n");
    JobResources r = new JobResources(4, 16384, 0, Duration.ofHours(2), 0, "gpu", "proj42",
        List.of("--qos=high", "#SBATCH --mail-type=END,FAIL"));
    List<GridJob> jobs = executor.submit(new Submission("Train", List.of(spec("Train")), r, 0));
    assertEquals(1, jobs.size());
    assertEquals("4711", jobs.get(0).jobId());
    Golden.assertMatches("executor/slurm/single.sbatch", script(jobs.get(0)));
    assertEquals(List.of("sbatch", "--parsable", jobs.get(0).submissionDirectory().resolve("job.sh").toString()),
        slurm.calls("sbatch").get(0));
  }

  @Test
  void submit_fanOut_isOneArrayWithAConcurrencyCapAndGpus() throws IOException {
    slurm.on("sbatch", "812;cluster-a\n");
    List<JobSpec> specs = List.of(spec("Sweep-0"), spec("Sweep-1"), spec("Sweep-2"));
    JobResources r = new JobResources(2, 0, 10240, Duration.ofDays(1).plusMinutes(30), 1, null,
        null, List.of());
    List<GridJob> jobs = executor.submit(new Submission("Sweep", specs, r, 2));
    assertEquals(List.of("812_0", "812_1", "812_2"), jobs.stream().map(GridJob::jobId).toList());
    assertEquals(1, slurm.calls("sbatch").size());
    Golden.assertMatches("executor/slurm/array.sbatch", script(jobs.get(0)));
    String entry = Files.readString(jobs.get(2).submissionDirectory().resolve("2.job"));
    assertTrue(entry.contains("Sweep-2"), entry);
  }

  @Test
  void submit_fanOutLargerThanTheClustersMaxArraySize_goesOutAsSeveralArrays() throws IOException {
    slurm.on("scontrol", "Configuration data as of 2026-12-06T07:00:00\n"
        + "MaxArraySize            = 3\nMaxJobCount             = 10000\n");
    int[] next = {900};
    slurm.on("sbatch", argv -> new dev.pipeline.engine.executor.grid.CommandResult(argv, 0,
        (next[0]++) + "\n", ""));
    List<JobSpec> specs = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      specs.add(spec("Fan-" + i));
    }
    List<GridJob> jobs = executor.submit(new Submission("Fan", specs, JobResources.DEFAULT, 0));

    assertEquals(List.of("900_0", "900_1", "900_2", "901_0", "901_1", "901_2", "902"),
        jobs.stream().map(GridJob::jobId).toList());
    assertEquals(3, slurm.calls("sbatch").size());
    assertTrue(script(jobs.get(3)).contains("#SBATCH --array=0-2\n"), script(jobs.get(3)));
    assertEquals(List.of(List.of("scontrol", "show", "config")), slurm.calls("scontrol"),
        "asked once");
    executor.submit(new Submission("Fan", specs.subList(0, 2), JobResources.DEFAULT, 0));
    assertEquals(1, slurm.calls("scontrol").size(), "and remembered");
  }

  @Test
  void maxArraySize_isReadFromTheConfig_orSlurmsDefault() {
    assertEquals(java.util.OptionalInt.of(1001),
        SlurmStates.parseMaxArraySize("MaxArraySize            = 1001\nMaxJobCount = 5\n"));
    assertEquals(java.util.OptionalInt.empty(), SlurmStates.parseMaxArraySize("MaxJobCount = 5\n"));
  }

  @Test
  void submit_rejected_failsWithTheCommandAndItsOutput() {
    slurm.on("sbatch", 1, "", "sbatch: error: Batch job submission failed: Requested node configuration is not available");
    IOException e = assertThrows(IOException.class, () -> executor.submit(spec("Big")));
    assertTrue(e.getMessage().contains("SLURM rejected the job"), e.getMessage());
    assertTrue(e.getMessage().contains("Requested node configuration is not available"), e.getMessage());
    assertEquals(1, slurm.calls("sbatch").size());
  }

  @Test
  void submit_transientError_isRetried() throws IOException {
    int[] n = {0};
    slurm.on("sbatch", argv -> new dev.pipeline.engine.executor.grid.CommandResult(argv,
        ++n[0] == 1 ? 1 : 0, n[0] == 1 ? "" : "77\n",
        n[0] == 1 ? "sbatch: error: Socket timed out on send/recv operation" : ""));
    assertEquals("77", executor.submit(spec("T")).jobId());
    assertEquals(2, slurm.calls("sbatch").size());
  }

  @Test
  void poll_asksSqueueOnceForAllJobs() throws IOException {
    slurm.on("sbatch", "26\n");
    List<GridJob> jobs = executor.submit(new Submission("A", List.of(spec("a0"), spec("a1"), spec("a2")),
        JobResources.DEFAULT, 1));
    slurm.on("squeue", Golden.read("executor/slurm/squeue-all-states.txt"));
    Map<JobHandle, JobStatus> s = executor.poll(new ArrayList<>(jobs));
    assertEquals(1, slurm.calls("squeue").size());
    assertEquals(List.of("squeue", "-h", "-t", "all", "-r", "-u", "alice", "-o", "%i|%T|%r"),
        slurm.calls("squeue").get(0));
    assertEquals(JobState.RUNNING, s.get(jobs.get(0)).state());
    assertEquals(JobState.QUEUED, s.get(jobs.get(1)).state());
    assertEquals(List.of(jobs.get(1), jobs.get(2)), executor.queuedAmong(jobs));
  }

  @Test
  void poll_exitCodeFileDecides_notTheQueueState() throws IOException {
    GridJob completedButFailed = reattached("17", "a", 3);
    GridJob failedButSucceeded = reattached("23", "b", 0);
    slurm.on("squeue", Golden.read("executor/slurm/squeue-all-states.txt"));
    Map<JobHandle, JobStatus> s = executor.poll(List.of(completedButFailed, failedButSucceeded));
    assertEquals(JobState.FAILED, s.get(completedButFailed).state());
    assertEquals(3, s.get(completedButFailed).exitCode());
    assertEquals(JobState.SUCCEEDED, s.get(failedButSucceeded).state());
  }

  @Test
  void poll_timeoutIsAWallTimeKill_byStateNotExitCode() throws IOException {
    GridJob withCode = reattached("16", "a", 143);
    slurm.on("squeue", Golden.read("executor/slurm/squeue-all-states.txt"));
    JobStatus s = executor.poll(List.of(withCode)).get(withCode);
    assertEquals(JobState.FAILED, s.state());
    assertEquals(Termination.TIME_LIMIT, s.termination());
    assertTrue(s.detail().contains("TIMEOUT (TimeLimit)"), s.detail());

    slurm.on("squeue", "16|TIMEOUT|TimeLimit\n");
    GridJob noCode = reattached("16", "b", null);
    JobStatus killed = executor.poll(List.of(noCode)).get(noCode);
    assertEquals(Termination.TIME_LIMIT, killed.termination());
    assertNull(killed.exitCode());
  }

  @Test
  void poll_completedWithoutExitFile_waitsForTheSharedFileSystemThenLost() throws IOException {
    GridJob job = reattached("17", "a", null);
    slurm.on("squeue", "17|COMPLETED|None\n");
    assertEquals(JobState.RUNNING, executor.poll(List.of(job)).get(job).state());
    clock.addAndGet(Duration.ofSeconds(29).toNanos());
    assertEquals(JobState.RUNNING, executor.poll(List.of(job)).get(job).state());
    clock.addAndGet(Duration.ofSeconds(2).toNanos());
    JobStatus lost = executor.poll(List.of(job)).get(job);
    assertEquals(JobState.LOST, lost.state());
    assertTrue(lost.detail().contains("exit_grace"), lost.detail());
  }

  @Test
  void poll_exitFileAppearingWithinTheGrace_counts() throws IOException {
    GridJob job = reattached("17", "a", null);
    slurm.on("squeue", "17|COMPLETED|None\n");
    assertEquals(JobState.RUNNING, executor.poll(List.of(job)).get(job).state());
    Files.writeString(job.spec().exitCodeFile(), "0\n");
    assertEquals(JobState.SUCCEEDED, executor.poll(List.of(job)).get(job).state());
  }

  @Test
  void poll_jobThatLeftTheQueue_isResolvedBySacct() throws IOException {
    executor = executor(SlurmExecutor.Accounting.YES);
    GridJob job = reattached("42_0", "a", 143);
    slurm.on("squeue", "").on("sacct", Golden.read("executor/slurm/sacct.txt"));
    JobStatus s = executor.poll(List.of(job)).get(job);
    assertEquals(Termination.TIME_LIMIT, s.termination());
    assertEquals(List.of("sacct", "-X", "-n", "-P", "-j", "42_0", "-o", "JobID,State,ExitCode"),
        slurm.calls("sacct").get(0));
  }

  @Test
  void poll_withoutAccounting_fallsBackToScontrol_andStopsAskingSacct() throws IOException {
    GridJob job = reattached("16", "a", 143);
    slurm.on("squeue", "")
        .on("sacct", 1, "", "Slurm accounting storage is disabled")
        .on("scontrol", Golden.read("executor/slurm/scontrol-timeout.txt"));
    assertEquals(Termination.TIME_LIMIT, executor.poll(List.of(job)).get(job).termination());
    executor.poll(List.of(reattached("16", "b", 143)));
    assertEquals(1, slurm.calls("sacct").size());
    assertEquals(2, slurm.calls("scontrol").size());
    assertEquals(List.of("scontrol", "show", "job", "-o", "16"), slurm.calls("scontrol").get(0));
  }

  @Test
  void poll_unknownEverywhere_exitFileStillDecides_elseLostAfterTheGrace() throws IOException {
    GridJob done = reattached("900", "a", 0);
    GridJob gone = reattached("901", "b", null);
    slurm.on("squeue", "").on("sacct", 1, "", "Slurm accounting storage is disabled")
        .on("scontrol", 1, "", "slurm_load_jobs error: Invalid job id specified");
    Map<JobHandle, JobStatus> s = executor.poll(List.of(done, gone));
    assertEquals(JobState.SUCCEEDED, s.get(done).state());
    assertEquals(JobState.RUNNING, s.get(gone).state());
    clock.addAndGet(Duration.ofMinutes(1).toNanos());
    JobStatus lost = executor.poll(List.of(gone)).get(gone);
    assertEquals(JobState.LOST, lost.state());
    assertTrue(lost.detail().contains("no longer known to SLURM"), lost.detail());
  }

  @Test
  void poll_arrayElementsCancelledBeforeStarting_takeTheArraysRecord() throws IOException {
    GridJob started = reattached("44_0", "a", null);
    GridJob neverStarted = reattached("44_2", "b", null);
    // Recorded: an array of 4, elements 0, 2, 3 cancelled while 2 and 3 were still pending.
    slurm.on("squeue", "44|CANCELLED|Resources\n44_0|CANCELLED|None\n44_1|RUNNING|None\n");
    Map<JobHandle, JobStatus> s = executor.poll(List.of(started, neverStarted));
    assertEquals(Termination.CANCELLED, s.get(started).termination());
    assertEquals(Termination.CANCELLED, s.get(neverStarted).termination());
    assertEquals(0, slurm.calls("sacct").size());
  }

  @Test
  void poll_pendingForever_isCancelled() throws IOException {
    GridJob dependent = reattached("24", "a", null);
    GridJob tooLong = reattached("28", "b", null);
    slurm.on("squeue", Golden.read("executor/slurm/squeue-all-states.txt")).on("scancel", "");
    Map<JobHandle, JobStatus> s = executor.poll(List.of(dependent, tooLong));
    assertEquals(Termination.NEVER_STARTED, s.get(dependent).termination());
    assertTrue(s.get(dependent).detail().contains("DependencyNeverSatisfied"));
    assertEquals(Termination.NEVER_STARTED, s.get(tooLong).termination());
    assertEquals(List.of(List.of("scancel", "24", "28")), slurm.calls("scancel"));
  }

  @Test
  void poll_squeueFailing_isAnErrorTheMonitorRetries() throws IOException {
    GridJob job = reattached("17", "a", 0);
    slurm.on("squeue", 1, "", "slurm_load_jobs error: Socket timed out on send/recv operation");
    RuntimeException e = assertThrows(RuntimeException.class, () -> executor.poll(List.of(job)));
    assertTrue(e.getMessage().contains("Socket timed out"), e.getMessage());
  }

  @Test
  void kill_isBatched() throws IOException {
    slurm.on("scancel", "");
    List<JobHandle> jobs = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      jobs.add(reattached(Integer.toString(1000 + i), "k" + i, null));
    }
    executor.kill(jobs);
    assertEquals(3, slurm.calls("scancel").size());
    assertEquals(101, slurm.calls("scancel").get(0).size());
  }

  @Test
  void poll_tenThousandJobs_oneStatusCallParsedWellUnderASecond() throws IOException {
    String squeue = SlurmPollBench.generate(10_000);
    slurm.on("squeue", squeue);
    List<JobHandle> jobs = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      jobs.add(executor.reattach((1000 + i / 100) + "_" + (i % 100), spec("j"), root));
    }
    executor.poll(jobs); // warm-up
    slurm.reset();
    long t0 = System.nanoTime();
    Map<JobHandle, JobStatus> s = executor.poll(jobs);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(10_000, s.size());
    assertEquals(1, slurm.calls().size(), "one squeue per poll, nothing else");
    assertTrue(ms < 1000, "poll of 10,000 jobs took " + ms + " ms");
  }

  @Test
  void formatTime_isSlurmsFormat() {
    assertEquals("00:01:00", SlurmExecutor.formatTime(Duration.ofMinutes(1)));
    assertEquals("02:30:00", SlurmExecutor.formatTime(Duration.ofMinutes(150)));
    assertEquals("3-04:00:00", SlurmExecutor.formatTime(Duration.ofHours(76)));
    assertEquals("00:00:01", SlurmExecutor.formatTime(Duration.ofMillis(1)));
  }

  /** A job as found again after a restart, with its exit-code file written (or not). */
  private GridJob reattached(String id, String name, Integer exitCode) throws IOException {
    JobSpec spec = spec(name);
    Files.createDirectories(spec.exitCodeFile().getParent());
    Files.deleteIfExists(spec.exitCodeFile());
    if (exitCode != null) {
      Files.writeString(spec.exitCodeFile(), exitCode + "\n");
    }
    return executor.reattach(id, spec, root);
  }
}
