package dev.pipeline.cli.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTCondor executor against a real pool, when there is one: runs wherever {@code
 * condor_submit} is on the PATH and the run directory is on a file system the pool shares (set
 * {@code PIPELINE_CONDOR_TEST_DIR} to such a directory). Elsewhere it is skipped, saying so; the
 * HTCondor parsers are covered by {@code CondorExecutorTest}'s golden files either way.
 */
class CondorLiveTest {
  @TempDir Path tmp;

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  @Test
  void fanOut_runsAsOneClusterOnARealPool() throws Exception {
    if (!onPath("condor_submit")) {
      String why = "HTCondor live test SKIPPED: condor_submit is not on the PATH (HTCondor cannot be"
          + " installed on Debian 12); the submit descriptions and the condor_q / condor_history /"
          + " user-log parsers are tested with golden files in CondorExecutorTest";
      System.err.println(why);
      Assumptions.abort(why);
    }
    String shared = System.getenv("PIPELINE_CONDOR_TEST_DIR");
    Path dir = shared == null ? tmp : Files.createTempDirectory(Path.of(shared), "condor-live");
    ClusterHarness pipeline = new ClusterHarness(dir);
    Path cfg = dir.resolve("condor.cfg");
    Files.writeString(cfg, "[condor]\npoll_interval = 5s\nexit_grace = 2m\n");
    Path log = dir.resolve("run.log");
    int rc = pipeline.run(log, 1800, "run", "CtFanout", "--n", "3", "--out",
        dir.resolve("out").toString(), "--executor", "condor", "--config", cfg.toString());
    assertEquals(0, rc, Files.readString(log));
    for (int i = 0; i < 3; i++) {
      assertTrue(Files.exists(dir.resolve("out/leaf-" + i + ".txt")));
    }
  }
}
