package dev.pipeline.cli.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The LSF and PBS executors from the command line, end to end, against the stand-ins for their
 * tools ({@code engine/src/test/resources/fake-lsf}, {@code fake-pbs}: each job really runs, as its
 * own process group, and {@code bjobs}/{@code qstat} report it, a run limit included): a fan-out
 * goes as one job array, and a task killed at its wall time is resubmitted and resumes from its
 * checkpoint directory. {@code [lsf] bin_dir} / {@code [pbs] bin_dir} point the engine at them.
 *
 * <p>Tagged {@code cluster} (it runs with {@code mvn test -Pcluster}, as in {@code .ci/run}): each
 * job starts a JVM ({@code pipeline run-task}), and the wall time is 30 seconds, so on a machine
 * loaded enough that a JVM takes most of that to start, the task cannot progress between kills.
 */
@Tag("cluster")
@Timeout(1500)
class GridStandInTest {
  @TempDir Path dir;

  private Path install(String standIns, List<String> tools) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    for (String tool : tools) {
      Path file = bin.resolve(tool);
      Files.copy(Path.of("..", "engine", "src", "test", "resources", standIns, tool), file);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return bin;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"lsf", "pbspro", "torque"})
  void fanOutAsAnArray_andAWallTimeKillResumesFromTheCheckpoint(String system) throws Exception {
    boolean lsf = system.equals("lsf");
    Path bin = lsf ? install("fake-lsf", List.of("bsub", "bjobs", "bkill"))
        : install("fake-pbs", List.of("qsub", "qstat", "qdel"));
    String executor = lsf ? "lsf" : "pbs";
    // LSF's run limit is in minutes: the stand-in's minute lasts 30 seconds.
    Files.writeString(bin.resolve("seconds-per-minute"), "30");
    Path cfg = dir.resolve("grid.cfg");
    Files.writeString(cfg, "[" + executor + "]\nbin_dir = " + bin + "\npoll_interval = 200ms\n"
        + "exit_grace = 5s\n" + (lsf ? "" : "flavor = " + system + "\n")
        + "\n[CtCheckpointed]\ntime = " + (lsf ? "1m" : "30s") + "\nmax_restarts = 8\n");
    ClusterHarness pipeline = new ClusterHarness(dir);

    Path fanLog = dir.resolve("fan.log");
    int rc = pipeline.run(fanLog, 120, "run", "CtFanout", "--n", "3", "--out",
        dir.resolve("out").toString(), "--executor", executor, "--config", cfg.toString());
    assertEquals(0, rc, Files.readString(fanLog));
    for (int i = 0; i < 3; i++) {
      assertTrue(Files.exists(dir.resolve("out/leaf-" + i + ".txt")), "leaf " + i);
    }
    try (Stream<Path> s = Files.list(dir.resolve(".pipeline/jobs/" + executor))) {
      assertEquals(1, s.filter(p -> p.getFileName().toString().startsWith("CtLeaf-")).count(),
          "the three leaves went as one array");
    }

    Path log = dir.resolve("run.log");
    rc = pipeline.run(log, 400, "run", "CtCheckpointed", "--steps", "4", "--stepSeconds", "10",
        "--out", dir.resolve("out").toString(), "--executor", executor, "--config", cfg.toString());
    assertEquals(0, rc, Files.readString(log));
    String history = Files.readString(dir.resolve("out/checkpointed.txt"));
    // Under load a job's JVM may use up a whole wall time before its first step: some restart, not
    // necessarily the first, resumes from a later step.
    Matcher m = Pattern.compile("restart [1-9] from step ([1-9]\\d*)").matcher(history);
    assertTrue(history.startsWith("restart 0 from step 0\n"), history);
    assertTrue(m.find(), "a restart resumed, not started over: " + history);
    Path taskLog;
    try (Stream<Path> s = Files.list(dir.resolve(".pipeline/logs/CtCheckpointed"))) {
      taskLog = s.findFirst().orElseThrow();
    }
    String text = Files.readString(taskLog);
    assertTrue(text.contains("resubmitting (restart 1 of 8)"), text);
  }
}
