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
      assertEquals(wrapper, LocalProcessExecutor.processGroupOf(wrapper));
      assertEquals(wrapper, LocalProcessExecutor.processGroupOf(child));
      assertTrue(LocalProcessExecutor.processGroup(wrapper).stream()
          .anyMatch(p -> p.pid() == child));
    } finally {
      LocalProcessExecutor.killAllNow();
    }
  }

  @Test
  void killAllNow_killsAtOnceEvenWhatIgnoresTerm() throws Exception {
    LocalProcessExecutor executor = new LocalProcessExecutor(tmp.resolve("state"));
    Path pid = tmp.resolve("pid");
    submit(executor, "trap '' TERM; (sleep 300 & echo $! > " + pid + "); sleep 300");
    long orphan = awaitPid(pid);

    LocalProcessExecutor.killAllNow();

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (running(orphan) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertFalse(running(orphan), "still running: " + orphan);
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
