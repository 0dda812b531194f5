package dev.pipeline.engine.executor.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pipeline.engine.executor.ExitCodeFile;
import dev.pipeline.engine.executor.JobSpec;
import dev.pipeline.engine.executor.ResourceUsage;
import dev.pipeline.engine.executor.UsageFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a local job used reaches its usage file, written before its exit-code file: exact CPU time
 * for a job that ran alone, sampled figures for jobs that shared their life.
 */
class LocalUsageTest {
  @TempDir Path tmp;

  @Test
  void aJobAlone_getsItsTreesExactCpuTime() throws Exception {
    assumeTrue(ProcessGroups.procAvailable() && ProcUsageTest.onPath("perl"), "needs /proc, perl");
    try (LocalProcessExecutor executor = new LocalProcessExecutor(tmp.resolve("state"))) {
      Path exit = submit(executor, "a", "perl -e '1 while (times)[0] + (times)[1] < 0.25'; exit");
      ResourceUsage used = awaitUsage(exit);
      assertNotNull(used.cpuSeconds(), used.toString());
      assertTrue(used.cpuSeconds() >= 0.25 && used.cpuSeconds() < 2, used.toString());
    }
  }

  @Test
  void jobsThatSharedTheirLife_getSampledFigures_neverEachOthersCpu() throws Exception {
    assumeTrue(ProcessGroups.procAvailable() && ProcUsageTest.onPath("perl"), "needs /proc, perl");
    try (LocalProcessExecutor executor = new LocalProcessExecutor(tmp.resolve("state"))) {
      Path idle = submit(executor, "idle", "sleep 1.5; exit");
      Path burner = submit(executor, "burner", "perl -e '$x = q(a) x 50e6;"
          + " 1 while (times)[0] + (times)[1] < 0.6'; exit");
      ResourceUsage burnt = awaitUsage(burner);
      ResourceUsage slept = awaitUsage(idle);
      assertNotNull(burnt.cpuSeconds(), burnt.toString());
      assertTrue(burnt.cpuSeconds() > 0 && burnt.cpuSeconds() < 2, burnt.toString());
      assertNotNull(burnt.peakRssKb(), burnt.toString());
      assertTrue(burnt.peakRssKb() >= 48_000 && burnt.peakRssKb() < 400_000, burnt.toString());
      assertNotNull(slept.cpuSeconds(), slept.toString());
      assertTrue(slept.cpuSeconds() < 0.2, "the burner's CPU went to the idle job: " + slept);
    }
  }

  private Path submit(LocalProcessExecutor executor, String name, String script)
      throws Exception {
    Path exit = tmp.resolve(name + ".exitcode");
    executor.submit(new JobSpec(name, List.of("bash", "-c", script), Map.of(), tmp,
        tmp.resolve(name + ".log"), exit, null));
    return exit;
  }

  /** The usage recorded with the job's end: present as soon as its exit code is. */
  private static ResourceUsage awaitUsage(Path exit) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (ExitCodeFile.read(exit).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(0, ExitCodeFile.read(exit).orElseThrow());
    return UsageFile.read(exit).orElseThrow(() -> new AssertionError("no usage for " + exit));
  }
}
