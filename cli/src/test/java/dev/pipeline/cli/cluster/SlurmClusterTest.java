package dev.pipeline.cli.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SLURM executor against a real SLURM ({@code scripts/slurm-test-cluster.sh start}: one node,
 * two fake GPUs, a {@code short} partition with a 1-minute limit). Tagged {@code cluster}: runs with
 * {@code mvn test -Pcluster} (CI does); skipped with a message when no SLURM answers.
 */
@Tag("cluster")
class SlurmClusterTest {
  private static final Pattern SUBMITTED = Pattern.compile("submitted as SLURM job (\\S+)");

  @TempDir Path dir;
  private ClusterHarness pipeline;
  private Path cfg;

  @BeforeAll
  static void needSlurm() {
    ClusterHarness.assumeSlurm(SlurmClusterTest.class);
  }


  @BeforeEach
  void setUp() throws Exception {
    pipeline = new ClusterHarness(dir);
    cfg = dir.resolve("cluster.cfg");
    Files.writeString(cfg, """
        [slurm]
        poll_interval = 1s
        exit_grace = 20s

        [CtLeaf]
        array_parallelism = 2

        [CtCheckpointed]
        partition = short
        time = 1m
        max_restarts = 3
        """);
  }

  private String text(Path p) throws Exception {
    return Files.readString(p);
  }

  private List<Path> submissions(String family) throws Exception {
    Path jobs = dir.resolve(".pipeline/jobs/slurm");
    if (!Files.isDirectory(jobs)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(jobs)) {
      return s.filter(p -> p.getFileName().toString().startsWith(family + "-")).sorted().toList();
    }
  }

  private List<String> jobIds(String family) throws Exception {
    List<String> ids = new ArrayList<>();
    Path logs = dir.resolve(".pipeline/logs").resolve(family);
    if (!Files.isDirectory(logs)) {
      return ids;
    }
    try (Stream<Path> s = Files.list(logs)) {
      for (Path log : s.toList()) {
        Matcher m = SUBMITTED.matcher(text(log));
        while (m.find()) {
          ids.add(m.group(1));
        }
      }
    }
    return ids;
  }

  @Test
  void gpuDag_eachGpuTaskSeesItsOwnCudaVisibleDevices() throws Exception {
    Path log = dir.resolve("run.log");
    int rc = pipeline.run(log, 300, "run", "CtGpuDag", "--out", dir.resolve("out").toString(),
        "--executor", "slurm", "--config", cfg.toString());
    assertEquals(0, rc, text(log));
    String probe0 = text(dir.resolve("out/gpu-probe-0.txt"));
    String probe1 = text(dir.resolve("out/gpu-probe-1.txt"));
    String command = text(dir.resolve("out/gpu-command.txt"));
    for (String seen : List.of(probe0, probe1, command)) {
      assertTrue(seen.matches("(?s)cuda=[01] .*job=\\d+.*"), seen);
    }
    // In-process Java tasks get the ids SLURM gave the job, as context.gpus() and in the env.
    assertTrue(probe0.matches("(?s)cuda=(\\d) gpus=\\1 .*"), probe0);
    assertTrue(probe1.matches("(?s)cuda=(\\d) gpus=\\1 .*"), probe1);
    assertTrue(text(dir.resolve("out/prep.txt")).startsWith("cuda=unset gpus= job="));
    String script = text(submissions("CtGpuProbe").get(0).resolve("job.sh"));
    assertTrue(script.contains("#SBATCH --gres=gpu:1"), script);
    assertTrue(script.contains("#SBATCH --array=0-1"), "two GPU probes of one shape: one array");
  }

  @Test
  void resourceUse_ofTheJob_isInTheJournal() throws Exception {
    Path log = dir.resolve("run.log");
    int rc = pipeline.run(log, 300, "run", "CtBurn", "--out", dir.resolve("out").toString(),
        "--executor", "slurm", "--config", cfg.toString());
    assertEquals(0, rc, text(log));
    String done = Files.readAllLines(dir.resolve(".pipeline/journal.jsonl")).stream()
        .filter(l -> l.contains("\"state\":\"DONE\"") && l.contains("CtBurn")).findFirst()
        .orElseThrow(() -> new AssertionError("no DONE record of CtBurn"));
    // the whole job: pipeline run-task's JVM and the 0.3 s / 50 MB the task itself used
    Matcher cpu = Pattern.compile("\"cpuSeconds\":([0-9.]+)").matcher(done);
    Matcher rss = Pattern.compile("\"peakRssKb\":([0-9]+)").matcher(done);
    assertTrue(cpu.find() && rss.find(), done);
    assertTrue(Double.parseDouble(cpu.group(1)) >= 0.3, done);
    assertTrue(Long.parseLong(rss.group(1)) >= 50_000, done);
  }

  @Test
  void fanOut_isOneJobArrayWithAConcurrencyCap() throws Exception {
    Path log = dir.resolve("run.log");
    int rc = pipeline.run(log, 300, "run", "CtFanout", "--n", "4", "--out",
        dir.resolve("out").toString(), "--executor", "slurm", "--config", cfg.toString());
    assertEquals(0, rc, text(log));
    assertEquals(1, submissions("CtLeaf").size());
    assertTrue(text(submissions("CtLeaf").get(0).resolve("job.sh")).contains("#SBATCH --array=0-3%2"));
    List<String> ids = jobIds("CtLeaf");
    assertEquals(4, ids.size(), ids.toString());
    String array = ids.get(0).substring(0, ids.get(0).indexOf('_'));
    for (int i = 0; i < 4; i++) {
      assertTrue(ids.contains(array + "_" + i), ids.toString());
      assertTrue(text(dir.resolve("out/leaf-" + i + ".txt")).contains("array=" + i));
      assertEquals("COMPLETED", ClusterHarness.slurmState(array + "_" + i));
    }
  }

  @Test
  void wallTimeKill_isResubmitted_andTheTaskResumesFromItsCheckpoint() throws Exception {
    Path log = dir.resolve("run.log");
    int rc = pipeline.run(log, 420, "run", "CtCheckpointed", "--steps", "20", "--stepSeconds", "5",
        "--out", dir.resolve("out").toString(), "--executor", "slurm", "--config", cfg.toString());
    assertEquals(0, rc, text(log));
    String history = text(dir.resolve("out/checkpointed.txt"));
    Matcher m = Pattern.compile("restart 1 from step (\\d+)").matcher(history);
    assertTrue(history.startsWith("restart 0 from step 0\n") && m.find(), history);
    assertTrue(Integer.parseInt(m.group(1)) > 0, "the restart resumed, not started over: " + history);
    List<String> ids = jobIds("CtCheckpointed");
    assertTrue(ids.size() >= 2, ids.toString());
    assertEquals("TIMEOUT", ClusterHarness.slurmState(ids.get(0)));
    assertEquals("COMPLETED", ClusterHarness.slurmState(ids.get(ids.size() - 1)));
    // One log, appended across the restarts.
    Path taskLog;
    try (Stream<Path> s = Files.list(dir.resolve(".pipeline/logs/CtCheckpointed"))) {
      taskLog = s.findFirst().orElseThrow();
    }
    String text = text(taskLog);
    assertTrue(text.contains("DUE TO TIME LIMIT"), text);
    assertTrue(text.contains("resubmitting (restart 1 of 3)"), text);
    assertTrue(text.indexOf("restart 0: starting at step 0") < text.indexOf("restart 1: starting at step"), text);
  }

  @Test
  void engineKilledAndRestarted_reattachesToItsJobs_withoutSubmittingAgain() throws Exception {
    String[] args = {"run", "CtSleepers", "--n", "2", "--CtSleeper-seconds", "25", "--out",
        dir.resolve("out").toString(), "--executor", "slurm", "--config", cfg.toString()};
    Process first = pipeline.start(dir.resolve("first.log"), args);
    ClusterHarness.await(120, "both jobs running", () -> {
      List<String> ids = jobIds("CtSleeper");
      return ids.size() == 2 && ClusterHarness.slurmState(ids.get(0)).equals("RUNNING")
          && ClusterHarness.slurmState(ids.get(1)).equals("RUNNING");
    });
    first.destroyForcibly(); // SIGKILL: no chance to clean up
    first.waitFor(30, TimeUnit.SECONDS);
    List<String> before = jobIds("CtSleeper");

    Path log = dir.resolve("second.log");
    int rc = pipeline.run(log, 300, args);
    assertEquals(0, rc, text(log));
    assertEquals(1, submissions("CtSleeper").size(), "no second submission");
    assertEquals(before, jobIds("CtSleeper"));
    try (Stream<Path> s = Files.list(dir.resolve(".pipeline/logs/CtSleeper"))) {
      for (Path taskLog : s.toList()) {
        assertTrue(text(taskLog).contains("re-attached to SLURM job"), text(taskLog));
      }
    }
    for (String id : before) {
      assertEquals("COMPLETED", ClusterHarness.slurmState(id));
    }
    assertTrue(Files.exists(dir.resolve("out/sleeper-0.txt")) && Files.exists(dir.resolve("out/sleeper-1.txt")));
  }

  @Test
  void ctrlC_cancelsTheJobs() throws Exception {
    Path log = dir.resolve("run.log");
    Process engine = pipeline.start(log, "run", "CtSleepers", "--n", "2", "--CtSleeper-seconds", "300",
        "--out", dir.resolve("out").toString(), "--executor", "slurm", "--config", cfg.toString());
    ClusterHarness.await(120, "two jobs submitted", () -> jobIds("CtSleeper").size() == 2);
    List<String> ids = jobIds("CtSleeper");
    ClusterHarness.command("kill", "-INT", Long.toString(engine.pid()));
    assertTrue(engine.waitFor(60, TimeUnit.SECONDS), "the engine stops");
    assertEquals(130, engine.exitValue(), text(log));
    for (String id : ids) {
      ClusterHarness.await(30, id + " cancelled", () -> ClusterHarness.slurmState(id).equals("CANCELLED"));
    }
    assertFalse(Files.exists(dir.resolve("out/sleeper-0.txt")));
  }
}
