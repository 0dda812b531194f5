package dev.pipeline.engine.executor.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.engine.executor.JobHandle;
import dev.pipeline.engine.executor.JobSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs lead their own process group, which is what kill and killAllNow signal. */
class LocalProcessExecutorTest {
  @TempDir Path tmp;

  private JobHandle submit(LocalProcessExecutor executor, String script) throws Exception {
    return executor.submit(new JobSpec("t", List.of("bash", "-c", script), Map.of(), tmp,
        tmp.resolve("job.log"), tmp.resolve("job.exitcode"), null));
  }

  /** Kills every job at once, then waits until the executor recorded their ends (in tmp). */
  private static void killAll(JobHandle... jobs) throws Exception {
    LocalProcessExecutor.killAllNow();
    for (JobHandle job : jobs) {
      ((LocalProcessExecutor.LocalJob) job).recorded().get(10, TimeUnit.SECONDS);
    }
  }

  private long awaitPid(Path file) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (Files.exists(file) && Files.readString(file).endsWith("\n")) {
        return Long.parseLong(Files.readString(file).strip());
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no pid in " + file);
  }

  @Test
  void job_leadsItsOwnProcessGroup() throws Exception {
    LocalProcessExecutor executor = new LocalProcessExecutor(tmp.resolve("state"));
    Path pid = tmp.resolve("pid");
    JobHandle job = submit(executor, "sleep 300 & echo $! > " + pid + "; wait");
    try {
      long child = awaitPid(pid);
      long wrapper = Long.parseLong(job.jobId());
      assertEquals(wrapper, ProcessGroups.groupOf(wrapper));
      assertEquals(wrapper, ProcessGroups.groupOf(child));
      assertTrue(ProcessGroups.members(wrapper).stream()
          .anyMatch(p -> p.pid() == child));
    } finally {
      killAll(job);
    }
  }

  @Test
  void killAllNow_killsAtOnceEvenWhatIgnoresTerm() throws Exception {
    LocalProcessExecutor executor = new LocalProcessExecutor(tmp.resolve("state"));
    Path pid = tmp.resolve("pid");
    JobHandle job = submit(executor, "trap '' TERM; (sleep 300 & echo $! > " + pid + "); sleep 300");
    long orphan = awaitPid(pid);

    killAll(job);

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (running(orphan) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertFalse(running(orphan), "still running: " + orphan);
    awaitExitCode(tmp.resolve("job.exitcode")); // its last file written: the directory can go
  }

  @Test
  void engineDeath_killsTheWholeJob_andNoExitCodeIsWritten() throws Exception {
    LocalProcessExecutor executor = new LocalProcessExecutor(tmp.resolve("state"));
    Path pid = tmp.resolve("pid");
    JobHandle job = submit(executor, "trap '' TERM; sleep 300 & echo $! > " + pid + "; wait");
    long child = awaitPid(pid);
    long leader = Long.parseLong(job.jobId());
    ProcessHandle guard = executor.guardProcess();

    // Closing the guard's pipe is what the kernel does when the engine dies (kill -9 included).
    executor.close();

    awaitGone(child);
    awaitGone(leader);
    awaitGone(guard.pid());
    assertFalse(Files.exists(tmp.resolve("job.exitcode")), "a killed job has no exit code");
  }

  @Test
  void engineDeath_killsAProcessThatLeftTheJobsGroup() throws Exception {
    LocalProcessExecutor executor = new LocalProcessExecutor(tmp.resolve("state"));
    Path pid = tmp.resolve("pid");
    submit(executor, "setsid bash -c 'echo $$ > " + pid + "; exec sleep 300' & wait");
    long escaped = awaitPid(pid);
    assertTrue(ProcessGroups.groupOf(escaped) == escaped, "in a group of its own");

    executor.close();

    awaitGone(escaped);
  }

  @Test
  void aJob_isOneProcess_theCommandItself() throws Exception {
    LocalProcessExecutor executor = new LocalProcessExecutor(tmp.resolve("state"));
    Path pid = tmp.resolve("pid");
    JobHandle job = submit(executor, "echo $$ > " + pid + "; exec sleep 300");
    try {
      long self = awaitPid(pid);
      assertEquals(self, Long.parseLong(job.jobId()), "no wrapper between the engine and it");
      assertEquals(0, ProcessHandle.of(self).orElseThrow().children().count());
    } finally {
      killAll(job);
    }
  }

  @Test
  void finishedJob_backgroundChildrenAreStopped() throws Exception {
    LocalProcessExecutor executor = new LocalProcessExecutor(tmp.resolve("state"));
    Path pid = tmp.resolve("pid");
    submit(executor, "sleep 300 & echo $! > " + pid + "; exit 0");
    long child = awaitPid(pid);
    awaitExitCode(tmp.resolve("job.exitcode"));
    awaitGone(child);
  }

  @Test
  void finishedJob_leftoversThatIgnoreTerm_areKilled() throws Exception {
    LocalProcessExecutor executor = new LocalProcessExecutor(tmp.resolve("state"));
    Path pid = tmp.resolve("pid");
    submit(executor, "(trap '' TERM; exec sleep 300) & echo $! > " + pid + "; exit 0");
    long child = awaitPid(pid);
    awaitExitCode(tmp.resolve("job.exitcode"));
    awaitGone(child);
  }

  @Test
  void stderr_goesToItsOwnFile_whenTheSpecNamesOne() throws Exception {
    LocalProcessExecutor executor = new LocalProcessExecutor(tmp.resolve("state"));
    Path out = tmp.resolve("logs/out.txt");
    Path err = tmp.resolve("logs/err.txt");
    executor.submit(new JobSpec("t", List.of("bash", "-c", "echo to-out; echo to-err >&2"),
        Map.of(), tmp, out, tmp.resolve("job.exitcode"), null, err));
    assertEquals("0\n", awaitExitCode(tmp.resolve("job.exitcode")));
    assertEquals("to-out\n", Files.readString(out));
    assertEquals("to-err\n", Files.readString(err));
    executor.close();
  }

  @Test
  void command_readsAnEmptyStdin_notTheEnginePipe() throws Exception {
    LocalProcessExecutor executor = new LocalProcessExecutor(tmp.resolve("state"));
    submit(executor, "cat");
    assertEquals("0\n", awaitExitCode(tmp.resolve("job.exitcode")));
  }

  @Test
  void rerun_killsAProcessOfAnEarlierRunStillRunningTheTask_beforeItStarts() throws Exception {
    Path jobs = Files.createDirectories(tmp.resolve("jobs"));
    // What an earlier engine's command left running in a session of its own (no group kill
    // reaches it): it still carries that job directory and that engine's identity.
    ProcessBuilder escaped = new ProcessBuilder("setsid", "sleep", "300");
    escaped.environment().put(LocalProcessExecutor.JOB_DIR, jobs.toString());
    escaped.environment().put(LocalProcessExecutor.ENGINE, "4242-earlier");
    Process stale = escaped.start();
    try {
      LocalProcessExecutor executor = new LocalProcessExecutor(tmp.resolve("state"));
      executor.submit(new JobSpec("t", List.of("bash", "-c", "exit 0"), Map.of(), tmp,
          tmp.resolve("job.log"), jobs.resolve("job.exitcode"), null));
      assertFalse(running(stale.pid()), "killed before the new attempt started");
      assertEquals("0\n", awaitExitCode(jobs.resolve("job.exitcode")));
    } finally {
      stale.destroyForcibly();
    }
  }

  @Test
  void jobsOfThisEngine_sharingADirectory_doNotStopEachOther() throws Exception {
    LocalProcessExecutor executor = new LocalProcessExecutor(tmp.resolve("state"));
    Path pid = tmp.resolve("pid");
    JobHandle firstJob = submit(executor, "echo $$ > " + pid + "; sleep 300");
    long first = awaitPid(pid);
    executor.submit(new JobSpec("t", List.of("bash", "-c", "exit 0"), Map.of(), tmp,
        tmp.resolve("job2.log"), tmp.resolve("job2.exitcode"), null));
    assertEquals("0\n", awaitExitCode(tmp.resolve("job2.exitcode")));
    assertTrue(running(first), "the first job still runs");
    killAll(firstJob);
  }

  private static String awaitExitCode(Path file) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (Files.exists(file)) {
        return Files.readString(file);
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no exit code in " + file);
  }

  private static void awaitGone(long pid) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
    while (running(pid) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertFalse(running(pid), "still running: " + pid);
  }

  private static boolean running(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
