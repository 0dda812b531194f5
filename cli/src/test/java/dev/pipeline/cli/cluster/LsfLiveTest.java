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
 * The LSF and PBS executors against a real batch system, when there is one: each test runs where
 * {@code bsub} (LSF) or {@code qsub} (PBS Pro; {@code PIPELINE_PBS_FLAVOR=torque} for Torque) is on
 * the PATH and the run directory is on a file system the nodes share ({@code
 * PIPELINE_GRID_TEST_DIR}). Elsewhere it is skipped, saying so; the parsers are covered by golden
 * files and the executors by the contract suite against stand-ins either way.
 */
class LsfLiveTest {
  @TempDir Path tmp;

  static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  static void skipUnless(String program, String system) {
    if (!onPath(program)) {
      String why = system + " live test SKIPPED: " + program + " is not on the PATH (" + system
          + " cannot be installed on Debian 12); the job scripts and status parsers are tested with"
          + " golden files, and the executor passes the contract suite against stand-ins"
          + " (engine/src/test/resources/fake-" + system.toLowerCase().replace(" pro", "") + ")";
      System.err.println(why);
      Assumptions.abort(why);
    }
  }

  static void fanOut(Path tmp, String executor, String settings) throws Exception {
    String shared = System.getenv("PIPELINE_GRID_TEST_DIR");
    Path dir = shared == null ? tmp : Files.createTempDirectory(Path.of(shared), executor + "-live");
    ClusterHarness pipeline = new ClusterHarness(dir);
    Path cfg = dir.resolve(executor + ".cfg");
    Files.writeString(cfg, "[" + executor + "]\npoll_interval = 5s\nexit_grace = 2m\n" + settings);
    Path log = dir.resolve("run.log");
    int rc = pipeline.run(log, 1800, "run", "CtFanout", "--n", "3", "--out",
        dir.resolve("out").toString(), "--executor", executor, "--config", cfg.toString());
    assertEquals(0, rc, Files.readString(log));
    for (int i = 0; i < 3; i++) {
      assertTrue(Files.exists(dir.resolve("out/leaf-" + i + ".txt")));
    }
  }

  @Test
  void fanOut_runsAsOneArrayOnARealLsfCluster() throws Exception {
    skipUnless("bsub", "LSF");
    fanOut(tmp, "lsf", "");
  }

  /** PBS Pro or Torque ({@code PIPELINE_PBS_FLAVOR}). */
  @Test
  void fanOut_runsAsOneArrayJobOnARealPbsServer() throws Exception {
    skipUnless("qsub", "PBS");
    fanOut(tmp, "pbs", "flavor = " + System.getenv().getOrDefault("PIPELINE_PBS_FLAVOR", "pbspro") + "\n");
  }
}
