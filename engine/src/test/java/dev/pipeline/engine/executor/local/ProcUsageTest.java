package dev.pipeline.engine.executor.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading CPU time and peak resident set of real processes from /proc. */
class ProcUsageTest {
  /** perl, a child of bash, touches 50 MB and burns 0.3 s of CPU, then waits. */
  private static final String BURN_THEN_SLEEP = "perl -e '$x = q(a) x 50e6;"
      + " 1 while (times)[0] + (times)[1] < 0.3; sleep 60'; exit";

  @TempDir Path tmp;

  @Test
  void tree_findsTheCpuAndPeakOfTheJobsDescendants() throws Exception {
    assumeTrue(ProcessGroups.procAvailable() && onPath("perl"), "needs /proc and perl");
    Process bash = new ProcessBuilder("bash", "-c", BURN_THEN_SLEEP).start();
    try {
      ProcUsage.Sample sample = new ProcUsage.Sample(0, 0);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while ((sample.cpuTicks() < 30 || sample.peakRssKb() < 48_000)
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
        sample = ProcUsage.tree(bash.pid());
      }
      assertTrue(sample.cpuTicks() >= 30 && sample.cpuTicks() < 300, sample.toString());
      assertTrue(sample.peakRssKb() >= 48_000 && sample.peakRssKb() < 400_000, sample.toString());
      assertTrue(ProcUsage.peakRssKb(Path.of("/proc", Long.toString(bash.pid()))) < 48_000,
          "the peak is perl's, found as bash's child, not bash's own");
    } finally {
      bash.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      bash.destroyForcibly().waitFor();
    }
  }

  @Test
  void reapedChildrenTicks_growByWhatAReapedChildAndItsChildrenBurnt() throws Exception {
    assumeTrue(ProcessGroups.procAvailable() && onPath("perl"), "needs /proc and perl");
    long before = ProcUsage.reapedChildrenTicks().orElseThrow();
    Process bash = new ProcessBuilder("bash", "-c",
        "perl -e '1 while (times)[0] + (times)[1] < 0.2'; exit").start();
    assertEquals(0, bash.waitFor());
    long after = ProcUsage.reapedChildrenTicks().orElseThrow();
    assertTrue(after - before >= 20 && after - before < 200, (after - before) + " ticks");
  }

  @Test
  void cpuTicks_countFieldsAfterTheLastParenthesisOfTheCommandName() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("123"));
    Files.writeString(dir.resolve("stat"), "123 (a) b (c)) S 1 123 123 0 -1 4194304 100 0 0 0"
        + " 7 8 9 10 20 0 1 0 5000 1000 200\n");
    assertArrayEquals(new long[] {7, 8, 9, 10}, ProcUsage.cpuTicks(dir));
    Files.writeString(dir.resolve("status"), "Name:\tx\nVmPeak:\t  9 kB\nVmHWM:\t   4321 kB\n");
    assertEquals(4321, ProcUsage.peakRssKb(dir));
    assertEquals(null, ProcUsage.cpuTicks(tmp.resolve("gone")));
    assertEquals(0, ProcUsage.peakRssKb(tmp.resolve("gone")));
  }

  static boolean onPath(String program) {
    for (String dir : List.of(System.getenv().getOrDefault("PATH", "").split(":"))) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
