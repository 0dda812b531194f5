package dev.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.engine.scaffold.PipelineHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * run.sh as users run it: bash, a generated run directory, and a launcher that records what it
 * was given (the argument and variable tests) or the real CLI (end to end).
 */
class RunScriptTest {
  @TempDir Path tmp;
  private Path run;
  private Path record;
  private Path gpu;

  @BeforeEach
  void setUp() {
    // The launcher init points run.sh at: records its arguments and the PIPELINE_ variables.
    Path home = tmp.resolve("home");
    Shell.script(home.resolve("bin/pipeline"),
        "{ printf 'arg %s\\n' \"$@\"; env | grep '^PIPELINE_' | sort; } > \"$RECORD\"",
        "echo 'pipeline output'",
        "exit \"${EXIT:-0}\"");
    System.setProperty(PipelineHome.PROPERTY, home.toString());
    record = tmp.resolve("record.txt");
    gpu = Shell.script(tmp.resolve("nvidia-smi"), "echo 'GPU 0: Fake GPU (UUID: GPU-0)'");
    run = init("run1");
  }

  @AfterEach
  void clearPipelineHome() {
    System.clearProperty(PipelineHome.PROPERTY);
  }

  private Path init(String name, String... extra) {
    Path dir = tmp.resolve(name);
    List<String> args = new java.util.ArrayList<>(List.of("init", "sandbox", "-d", dir.toString()));
    args.addAll(List.of(extra));
    InitCommandTest.Cli cli = InitCommandTest.pipeline(args.toArray(String[]::new));
    assertEquals(0, cli.exitCode(), cli.err());
    return dir;
  }

  private Shell.Result runScript(Path dir, Map<String, String> env, String... args) {
    Map<String, String> all = new java.util.HashMap<>(Map.of("RECORD", record.toString(),
        "PIPELINE_NVIDIA_SMI", gpu.toString()));
    all.putAll(env);
    String[] command = new String[args.length + 2];
    command[0] = "bash";
    command[1] = dir.resolve("run.sh").toString();
    System.arraycopy(args, 0, command, 2, args.length);
    return Shell.run(tmp, all, command);
  }

  private List<String> launcherArguments() throws IOException {
    return Files.readAllLines(record).stream().filter(l -> l.startsWith("arg "))
        .map(l -> l.substring(4)).toList();
  }

  private String variable(String name) throws IOException {
    return Files.readAllLines(record).stream().filter(l -> l.startsWith(name + "="))
        .map(l -> l.substring(name.length() + 1)).findFirst().orElse(null);
  }

  @Test
  void runScript_defaultsAndRunDirectoryVariables() throws IOException {
    Shell.Result r = runScript(run, Map.of());
    assertEquals(0, r.exitCode(), r.stderr());
    assertEquals("pipeline output\n", r.stdout());
    assertEquals(List.of("run", "Sandbox", "--workers", "5", "--gpus=0"), launcherArguments());
    assertEquals(run.toString(), variable("PIPELINE_RUN_DIR"));
    assertEquals(run + "/sandbox.cfg", variable("PIPELINE_CONFIG"));
    assertEquals(run + "/data/train", variable("PIPELINE_TRAIN_DATA_DIR"));
    assertEquals(run + "/data/test", variable("PIPELINE_TEST_DATA_DIR"));
    assertEquals(run + "/training", variable("PIPELINE_TRAIN_DIR"));
    assertEquals(run + "/condor", variable("PIPELINE_CONDOR_DIR"));
    assertEquals(run + "/results", variable("PIPELINE_RESULTS_DIR"));
    assertEquals(run + "/tmp", variable("PIPELINE_TMPDIR"));
    List<String> log = Files.readAllLines(run.resolve("run.log"));
    assertTrue(log.get(0).matches("=== \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d bash run.sh "), log.get(0));
    assertEquals("pipeline output", log.get(1));
  }

  @Test
  void runScript_argumentsPassThroughAndReplaceDefaults() throws IOException {
    Shell.Result r = runScript(run, Map.of("PIPELINE_TARGET", "Fan"),
        "--workers", "3", "--gpus", "0,1", "--n", "a b");
    assertEquals(0, r.exitCode(), r.stderr());
    assertEquals(List.of("run", "Fan", "--gpus=0,1", "--workers", "3", "--n", "a b"),
        launcherArguments());

    runScript(run, Map.of(), "--gpus=1", "--workers=2");
    assertEquals(List.of("run", "Sandbox", "--gpus=1", "--workers=2"), launcherArguments());
  }

  @Test
  void runScript_withoutAGpuRunsOnCpu() throws IOException {
    for (String smi : List.of(tmp.resolve("absent").toString(), "false")) {
      Shell.Result r = runScript(run, Map.of("PIPELINE_NVIDIA_SMI", smi), "--gpus", "0,1");
      assertEquals(0, r.exitCode(), r.stderr());
      assertEquals("no GPU found; running on CPU\npipeline output\n", r.stdout());
      assertEquals(List.of("run", "Sandbox", "--workers", "5", "--cpu-fallback", "--gpus="), launcherArguments());
    }
    assertTrue(Files.readString(run.resolve("run.log")).contains("no GPU found; running on CPU\n"));

    // No GPU asked for: nothing to say.
    Shell.Result cpu = runScript(run, Map.of("PIPELINE_NVIDIA_SMI", "false"), "--gpus=");
    assertEquals("pipeline output\n", cpu.stdout());
  }

  @Test
  void runScript_s3BucketHoldsTrainingDataAndRuns() throws IOException {
    Path s3 = init("run-s3", "--s3-bucket", "s3://bucket/prefix");
    assertEquals(0, runScript(s3, Map.of()).exitCode());
    assertEquals("s3://bucket/prefix/data/train", variable("PIPELINE_TRAIN_DATA_DIR"));
    assertEquals("s3://bucket/prefix/training", variable("PIPELINE_TRAIN_DIR"));
    assertEquals(s3 + "/data/test", variable("PIPELINE_TEST_DATA_DIR"));
    assertEquals(s3 + "/results", variable("PIPELINE_RESULTS_DIR"));
    assertEquals(s3 + "/tmp", variable("PIPELINE_TMPDIR"));
  }

  @Test
  void runScript_movedDirectoryStillPointsAtItself() throws IOException {
    Path moved = Files.move(run, tmp.resolve("moved"));
    assertEquals(0, runScript(moved, Map.of()).exitCode());
    assertEquals(moved.toString(), variable("PIPELINE_RUN_DIR"));
    assertEquals(moved + "/sandbox.cfg", variable("PIPELINE_CONFIG"));
  }

  @Test
  void runScript_exitStatusIsThePipelines() {
    Shell.Result r = runScript(run, Map.of("EXIT", "3"));
    assertEquals(3, r.exitCode());
  }

  @Test
  void runScript_missingLauncherIsReported() {
    Shell.Result r = runScript(run, Map.of("PIPELINE_HOME", tmp.resolve("nowhere").toString()));
    assertEquals(2, r.exitCode());
    assertEquals("run.sh: no pipeline launcher at " + tmp.resolve("nowhere/bin/pipeline")
        + "; set PIPELINE_HOME to a pipeline checkout\n", r.stderr());
  }

  @Test
  void runScript_endToEndWithTheRealCli() throws IOException {
    // The sandbox families are not in this build: a cfg for the built-in Fan, using the same
    // inheritance and run-directory variables.
    Files.writeString(run.resolve("base.cfg"), "[core]\nworkers = 1\ngpus = 0\n");
    Files.writeString(run.resolve("sandbox.cfg"),
        "[core]\ninherit = base.cfg\n\n[Fan]\nout = ${PIPELINE_RESULTS_DIR}/fan\nn = 10\n");
    Path home = Shell.pipelineHome(tmp.resolve("real-home"), null);
    Shell.Result r = runScript(run, Map.of("PIPELINE_HOME", home.toString(),
        "PIPELINE_TARGET", "Fan", "PIPELINE_NVIDIA_SMI", "false"), "--n", "50", "--workers", "3");
    assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
    assertTrue(r.stdout().startsWith("no GPU found; running on CPU\n51 task(s): 0 already complete,"
        + " 51 to run\n"), r.stdout());
    assertTrue(r.stdout().contains("[##########----------] 26/51 done,"), r.stdout());
    assertTrue(r.stdout().endsWith("Summary: 51 done in " + r.stdout().split("Summary: 51 done in ")[1]));
    assertEquals("50\n", Files.readString(run.resolve("results/fan/all.txt")));
    String log = Files.readString(run.resolve("run.log"));
    assertTrue(log.endsWith(r.stdout()), log);
    assertFalse(log.contains("\r") || log.contains("\033"), log);
    String started = Files.readAllLines(run.resolve(".pipeline/journal.jsonl")).get(0);
    assertTrue(started.contains("\"workers\":3"), started);
    // An empty GPU pool, which the journal leaves out, although the cfg says [core] gpus = 0.
    assertFalse(started.contains("\"gpus\""), started);
  }
}
