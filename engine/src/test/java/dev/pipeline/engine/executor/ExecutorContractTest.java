package dev.pipeline.engine.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pipeline.engine.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every executor must do (local processes, SLURM, HTCondor, Kubernetes): run a job, report
 * every live job from one bulk poll, kill jobs with everything they started, and say how a job
 * ended: from the wrapper's exit-code file, whose word beats the backend's, or, for a backend
 * whose jobs do not share the engine's file system (a Kubernetes pod), from the backend itself,
 * whose exit code is then authoritative (the kubelet's).
 */
@Timeout(60)
public abstract class ExecutorContractTest {
  @TempDir protected Path dir;
  protected Executor executor;
  private final List<Long> strays = new ArrayList<>();

  /** A fresh executor keeping its files under {@code stateDirectory}. */
  protected abstract Executor newExecutor(Path stateDirectory) throws Exception;

  /**
   * Ends the job's wrapper so abruptly that it cannot write its exit-code file (SIGKILL for a
   * local process, a lost node for a batch system).
   */
  protected abstract void killWrapperHard(JobHandle job) throws Exception;

  /**
   * Whether jobs run on the engine's file system: then they get an exit-code file and a working
   * directory; else (a pod) neither, and the backend reports the exit code itself.
   */
  protected boolean sharesTheEnginesFileSystem() {
    return true;
  }

  /**
   * Whether a job-side wrapper writes the exit code (a batch system), so a hard kill of the job's
   * process leaves no code (lost); else the engine reaps the job itself (local processes) and
   * records the kernel's word for it: killed by SIGKILL, code 137, a failure.
   */
  protected boolean hasJobSideWrapper() {
    return true;
  }

  @BeforeEach
  void createExecutor() throws Exception {
    executor = newExecutor(dir.resolve("state"));
  }

  @AfterEach
  void closeExecutor() {
    executor.close();
    strays.forEach(Processes::killTree);
  }

  protected JobSpec spec(String name, String script) {
    return new JobSpec(name, List.of("bash", "-c", script), Map.of(), dir,
        dir.resolve("logs").resolve(name + ".log"),
        sharesTheEnginesFileSystem() ? dir.resolve("exit").resolve(name + ".exitcode") : null, null);
  }

  /** Polls all jobs together until each has a final state; every poll must cover every job. */
  protected Map<JobHandle, JobStatus> awaitFinal(List<JobHandle> jobs, Duration timeout)
      throws InterruptedException {
    Map<JobHandle, JobStatus> last = new HashMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Map<JobHandle, JobStatus> polled = executor.poll(jobs);
      assertEquals(jobs.size(), polled.size(), "one poll answers for every job");
      last = polled;
      if (polled.values().stream().allMatch(s -> s.state().isFinal())) {
        return last;
      }
      if (System.nanoTime() - deadline > 0) {
        fail("jobs did not finish within " + timeout + ": " + last);
      }
      Thread.sleep(20);
    }
  }

  protected JobStatus awaitFinal(JobHandle job) throws InterruptedException {
    return awaitFinal(List.of(job), Duration.ofSeconds(20)).get(job);
  }

  @Test
  void submittedEcho_succeeds_andItsOutputLandsInTheLog() throws Exception {
    JobSpec spec = spec("echo", "echo hello from the job; echo to stderr >&2");
    JobHandle job = executor.submit(spec);
    assertNotNull(job.jobId());
    JobStatus status = awaitFinal(job);
    assertEquals(JobState.SUCCEEDED, status.state());
    assertEquals(0, status.exitCode());
    String log = Files.readString(spec.logFile());
    assertTrue(log.contains("hello from the job"), log);
    assertTrue(log.contains("to stderr"), log);
    if (sharesTheEnginesFileSystem()) {
      assertEquals("0", Files.readString(spec.exitCodeFile()).trim());
    }
  }

  @Test
  void nonZeroExitCode_isAFailureWithThatCode() throws Exception {
    JobStatus status = awaitFinal(executor.submit(spec("seven", "exit 7")));
    assertEquals(JobState.FAILED, status.state());
    assertEquals(7, status.exitCode());
  }

  @Test
  void environmentAndWorkingDirectory_reachTheJob() throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    JobSpec base = spec("env", "echo \"FOO=$FOO\"; pwd");
    JobSpec spec = new JobSpec(base.name(), base.argv(), Map.of("FOO", "bar baz"), work,
        base.logFile(), base.exitCodeFile(), null);
    assertEquals(JobState.SUCCEEDED, awaitFinal(executor.submit(spec)).state());
    String log = Files.readString(spec.logFile());
    assertTrue(log.contains("FOO=bar baz"), log);
    if (sharesTheEnginesFileSystem()) {
      assertTrue(log.contains(work.toRealPath().toString()), log);
    }
  }

  @Test
  void poll_answersForSeveralJobsInOneCall() throws Exception {
    List<JobHandle> jobs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      jobs.add(executor.submit(spec("job" + i, "sleep 0.2; exit " + i)));
    }
    Map<JobHandle, JobStatus> first = executor.poll(jobs);
    assertEquals(4, first.size());
    Map<JobHandle, JobStatus> done = awaitFinal(jobs, Duration.ofSeconds(20));
    for (int i = 0; i < 4; i++) {
      JobStatus s = done.get(jobs.get(i));
      assertEquals(i, s.exitCode(), "job" + i);
      assertEquals(i == 0 ? JobState.SUCCEEDED : JobState.FAILED, s.state(), "job" + i);
    }
  }

  @Test
  void kill_endsTheJobAndEverythingItStarted() throws Exception {
    Path pids = dir.resolve("pids");
    JobHandle job = executor.submit(spec("tree",
        "sleep 300 & a=$!; sleep 300 & b=$!; echo $$ $a $b > " + pids + ".tmp; mv "
            + pids + ".tmp " + pids + "; wait"));
    assertTrue(Processes.await(Duration.ofSeconds(10), () -> Files.exists(pids)));
    List<Long> started = Processes.pids(pids);
    strays.addAll(started);
    assertEquals(3, started.size());
    long t0 = System.nanoTime();
    executor.kill(List.of(job));
    JobStatus status = awaitFinal(job);
    assertNotEquals(JobState.SUCCEEDED, status.state());
    for (long pid : started) {
      assertTrue(Processes.awaitGone(pid, Duration.ofSeconds(10)), "process " + pid + " survived");
    }
    assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(4).toNanos(),
        "a TERM-able job ends promptly, without waiting for the KILL grace period");
    executor.kill(List.of(job)); // idempotent, also once the job is over
  }

  @Test
  void wrapperKilledBeforeWritingTheExitCode_isLost() throws Exception {
    Path pid = dir.resolve("pid");
    JobSpec spec = spec("lost", "echo $$ > " + pid + ".tmp; mv " + pid + ".tmp " + pid
        + "; exec sleep 300");
    JobHandle job = executor.submit(spec);
    assertTrue(Processes.await(Duration.ofSeconds(10), () -> Files.exists(pid)));
    strays.addAll(Processes.pids(pid));
    killWrapperHard(job);
    JobStatus status = awaitFinal(job);
    if (!hasJobSideWrapper()) {
      assertEquals(JobState.FAILED, status.state(), status.toString());
      assertEquals(137, status.exitCode());
      return;
    }
    assertEquals(JobState.LOST, status.state(), status.toString());
    assertEquals(null, status.exitCode());
    if (sharesTheEnginesFileSystem()) {
      assertTrue(Files.notExists(spec.exitCodeFile()));
    }
  }

  @Test
  void aFinalStatus_staysTheSameWhenPolledAgain() throws Exception {
    JobHandle job = executor.submit(spec("twice", "exit 4"));
    JobStatus first = awaitFinal(job);
    JobStatus again = executor.poll(List.of(job)).get(job);
    assertEquals(first.state(), again.state());
    assertEquals(4, again.exitCode());
  }

  @Test
  void poll_takesTheOutcomeFromTheExitCodeFile() throws Exception {
    assumeTrue(sharesTheEnginesFileSystem(), "the backend's exit code is authoritative");
    // Once the wrapper is gone, what the file says is the outcome (here rewritten after the fact).
    JobSpec spec = spec("truth", "exit 0");
    JobHandle job = executor.submit(spec);
    assertEquals(JobState.SUCCEEDED, awaitFinal(job).state());
    Files.writeString(spec.exitCodeFile(), "5\n");
    JobStatus again = executor.poll(List.of(job)).get(job);
    assertEquals(JobState.FAILED, again.state());
    assertEquals(5, again.exitCode());
  }
}
