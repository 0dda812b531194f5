package dev.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pipeline.engine.journal.JournalRecord;
import dev.pipeline.engine.scaffold.PipelineHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pipeline init train-benchmark} and its run.sh with the real CLI, on CPU: benchmarks of a
 * checkpoint start before training ends (journal timestamps), the summary lists every checkpoint,
 * the scratch workdir goes; killed mid-training and started again, training resumes from its last
 * checkpoint and no finished benchmark runs again.
 */
@Timeout(300)
class TrainBenchmarkScaffoldTest {
  private static final String[] CHECKPOINTS = {"step-000020", "step-000040", "step-000060"};
  @TempDir Path tmp;
  private Path home;

  @BeforeEach
  void needsNumpy() throws Exception {
    Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import numpy").start();
    boolean ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    Assumptions.assumeTrue(ok, "SKIPPED: /usr/bin/python3 cannot import numpy (apt-get install"
        + " python3-numpy); the example's trainer needs it");
    home = Shell.pipelineHome(tmp.resolve("home"), null);
    System.setProperty(PipelineHome.PROPERTY, home.toString());
  }

  @AfterEach
  void clearPipelineHome() {
    System.clearProperty(PipelineHome.PROPERTY);
  }

  private Path init(String... extra) {
    List<String> args = new ArrayList<>(List.of("init", "train-benchmark", "-d", tmp.resolve("runs").toString()));
    args.addAll(List.of(extra));
    InitCommandTest.Cli cli = InitCommandTest.pipeline(args.toArray(String[]::new));
    assertEquals(0, cli.exitCode(), cli.err());
    Path dir = tmp.resolve("runs").resolve(LocalDate.now() + "_" + (extra.length > 1 ? extra[1] : "train-benchmark"));
    assertTrue(Files.isDirectory(dir), cli.out());
    return dir;
  }

  private static List<JournalRecord> journal(Path dir) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<JournalRecord> out = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve(".pipeline/journal.jsonl"))) {
      out.add(json.readValue(line, JournalRecord.class));
    }
    return out;
  }

  private static Instant first(List<JournalRecord> journal, String family, String state, String taskPart) {
    return journal.stream().filter(r -> "task".equals(r.type()) && family.equals(r.family())
            && state.equals(r.state()) && r.task().contains(taskPart))
        .map(r -> Instant.parse(r.time())).findFirst()
        .orElseThrow(() -> new AssertionError("no " + state + " of " + family + " " + taskPart));
  }

  private Map<String, String> env() {
    return Map.of("PIPELINE_HOME", home.toString(), "PIPELINE_NVIDIA_SMI", "false");
  }

  @Test
  void theExampleRunsEndToEnd_benchmarkingCheckpointsWhileTrainingRuns() throws Exception {
    Path dir = init();
    for (String d : List.of("logs", "results", "workdir", "trainer")) {
      assertTrue(Files.isDirectory(dir.resolve(d)), d);
    }
    long t0 = System.nanoTime();
    Shell.Result r = Shell.run(tmp, env(), "bash", dir.resolve("run.sh").toString());
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
    System.err.println("train-benchmark example: run.sh took " + seconds + " s on this machine");
    assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
    assertTrue(seconds <= 60, "the example took " + seconds + " s");

    List<JournalRecord> journal = journal(dir);
    Instant trained = first(journal, "trainbench.TrainSteps", "DONE", "");
    Instant benchStarted = first(journal, "trainbench.BenchmarkCheckpoint", "RUNNING", CHECKPOINTS[0]);
    assertTrue(benchStarted.isBefore(trained), "the benchmark of the first checkpoint started at "
        + benchStarted + ", training ended at " + trained);
    List<String> published = journal.stream().filter(j -> "published".equals(j.type()))
        .map(JournalRecord::item).toList();
    assertEquals(List.of(CHECKPOINTS), published);

    String csv = Files.readString(dir.resolve("results/summary.csv"));
    for (String c : CHECKPOINTS) {
      for (String b : List.of("heldout", "shifted")) {
        assertTrue(csv.contains(c + "," + Integer.parseInt(c.substring(5)) + "," + b + ","), csv);
      }
    }
    assertEquals(7, csv.lines().count(), csv);
    assertTrue(Files.readString(dir.resolve("results/summary.json")).contains("\"accuracy\""));
    assertTrue(Files.readString(dir.resolve("results/summary.svg")).startsWith("<svg"));
    assertFalse(Files.exists(dir.resolve("workdir")), "the scratch workdir is removed at the end");
    assertTrue(Files.readString(dir.resolve("logs/run.log")).contains("Summary: 8 done"));

    // status lists the published checkpoints.
    Shell.Result status = Shell.run(tmp, env(), home.resolve("bin/pipeline").toString(), "status",
        "TrainBenchmark", "--run-dir", dir.toString(), "--config", dir.resolve("train-benchmark.cfg").toString());
    assertEquals(0, status.exitCode(), status.stderr());
    assertTrue(status.stdout().contains("published by trainbench.TrainSteps(") && status.stdout()
        .contains(": 3 items: step-000020, step-000040, step-000060 (last: "), status.stdout());
  }

  @Test
  void withAnS3Bucket_theSummaryGoesToS3() throws Exception {
    dev.pipeline.engine.testing.S3Server s3 = dev.pipeline.engine.testing.S3Server.get();
    s3.createBucket("runs");
    Path dir = init("--name", "s3", "--s3-bucket", "s3://runs/tb");
    String cfg = Files.readString(dir.resolve("train-benchmark.cfg"));
    assertTrue(cfg.contains("\npublish_to = s3://runs/tb/" + dir.getFileName() + "\n"), cfg);
    Map<String, String> env = new java.util.HashMap<>(env());
    env.putAll(s3.environment());
    Shell.Result r = Shell.run(tmp, env, "bash", dir.resolve("run.sh").toString());
    assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
    String prefix = "tb/" + dir.getFileName() + "/";
    try (var client = s3.client()) {
      List<String> keys = client.listObjectsV2(b -> b.bucket("runs").prefix(prefix)).contents()
          .stream().map(o -> o.key()).sorted().toList();
      assertEquals(List.of(prefix + "summary.csv", prefix + "summary.json", prefix + "summary.svg"), keys);
      String csv = client.getObjectAsBytes(b -> b.bucket("runs").key(prefix + "summary.csv")).asUtf8String();
      assertEquals(7, csv.lines().count(), csv);
    }
    assertFalse(Files.exists(dir.resolve("results/summary.csv")), "the summary went to S3 only");
  }

  @Test
  void killedMidTraining_resumesFromTheLastCheckpoint_andRepeatsNoFinishedBenchmark() throws Exception {
    Path dir = init("--name", "resume", "--keep-workdir");
    // Slow training: the run is interrupted once the first checkpoint's benchmarks are done.
    Path cfg = dir.resolve("train-benchmark.cfg");
    Files.writeString(cfg, Files.readString(cfg).replace("step_seconds = 0.05", "step_seconds = 0.15"));
    ProcessBuilder pb = new ProcessBuilder("bash", dir.resolve("run.sh").toString()).directory(tmp.toFile())
        .redirectErrorStream(true).redirectOutput(tmp.resolve("first.out").toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("PIPELINE_"));
    pb.environment().putAll(env());
    Process first = pb.start();
    Path bench = dir.resolve("results/benchmarks/" + CHECKPOINTS[0]);
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (!(Files.exists(bench.resolve("heldout.json")) && Files.exists(bench.resolve("shifted.json")))) {
      assertTrue(first.isAlive(), Files.readString(tmp.resolve("first.out")));
      assertTrue(System.nanoTime() < deadline, "no benchmark result in 120 s");
      Thread.sleep(50);
    }
    // Ctrl-C of the whole run: the engine stops the trainer's process group and exits 130.
    new ProcessBuilder("pkill", "-INT", "-P", Long.toString(first.pid())).start().waitFor();
    assertTrue(first.waitFor(60, TimeUnit.SECONDS));
    assertEquals(130, first.exitValue(), Files.readString(tmp.resolve("first.out")));
    assertFalse(Files.exists(dir.resolve("results/summary.csv")));

    Shell.Result again = Shell.run(tmp, env(), "bash", dir.resolve("run.sh").toString());
    assertEquals(0, again.exitCode(), again.stdout() + again.stderr());

    Path trainLog;
    try (Stream<Path> s = Files.list(dir.resolve(".pipeline/logs/trainbench.TrainSteps"))) {
      trainLog = s.findFirst().orElseThrow();
    }
    String log = Files.readString(trainLog);
    assertTrue(log.contains("starting at step 0") && log.contains("resuming from step-0000"), log);
    // No benchmark finished in the first run started again in the second; all six are done.
    List<JournalRecord> benches = journal(dir).stream().filter(j -> "task".equals(j.type())
        && "trainbench.BenchmarkCheckpoint".equals(j.family())).toList();
    String firstRun = benches.get(0).run();
    java.util.Set<String> doneFirst = benches.stream().filter(j -> j.run().equals(firstRun)
        && "DONE".equals(j.state())).map(JournalRecord::task).collect(Collectors.toSet());
    assertTrue(doneFirst.size() >= 2, "the first checkpoint's benchmarks finished: " + doneFirst);
    List<String> rerun = benches.stream().filter(j -> !j.run().equals(firstRun)
        && "RUNNING".equals(j.state()) && doneFirst.contains(j.task())).map(JournalRecord::task).toList();
    assertEquals(List.of(), rerun, "finished benchmarks ran again");
    assertEquals(6, benches.stream().filter(j -> "DONE".equals(j.state())).map(JournalRecord::task)
        .distinct().count());
    String csv = Files.readString(dir.resolve("results/summary.csv"));
    assertEquals(7, csv.lines().count(), csv);
    assertTrue(Files.isDirectory(dir.resolve("workdir")), "--keep-workdir keeps it");
  }
}
