package dev.pipeline.engine.command;

import static dev.pipeline.engine.command.CommandRuns.cfgFile;
import static dev.pipeline.engine.command.CommandRuns.failures;
import static dev.pipeline.engine.command.CommandRuns.options;
import static dev.pipeline.engine.command.CommandRuns.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.engine.command.CommandRuns.After;
import dev.pipeline.engine.command.CommandRuns.Dir;
import dev.pipeline.engine.command.CommandRuns.InSub;
import dev.pipeline.engine.command.CommandRuns.Pair;
import dev.pipeline.engine.command.CommandRuns.Sh;
import dev.pipeline.engine.command.CommandRuns.Slow;
import dev.pipeline.engine.config.ConfigException;
import dev.pipeline.api.error.ExitCode;
import dev.pipeline.engine.event.RunSummary;
import dev.pipeline.engine.event.TaskState;
import dev.pipeline.api.Task;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A family's run() replaced by {@code command = ...} from the cfg, run through the scheduler with
 * real processes: argv without a shell, staged outputs, environment, working directory, timeout
 * and the failure message.
 */
class CommandTaskTest {
  /** {@code $0} is where to write, {@code $1} the text parameter; the script is a parameter too. */
  /**
   * Runs the {@code script} parameter as bash code with {@code $0} the first placeholder after it
   * (a placeholder cannot be the script of {@code bash -c} itself: see InlineScripts).
   */
  private static final String EVAL = "bash -c 's=$$1; shift; eval \"$$s\"'";
  private static final String SH = "[Sh]\ncommand = " + EVAL + " {output} {script} {text}\n";

  @TempDir Path tmp;

  private Path runDir() throws IOException {
    return Files.createDirectories(tmp.resolve("run"));
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file);
  }

  @Test
  void hostileParameterValues_arriveAsOneArgumentEachAndRunNothing() throws IOException {
    String cfg = "[Sh]\ncommand = bash -c 'printf \"%s\\0\" \"$$@\" > \"$$0\"' {output}"
        + " {text} pre{text}post '{text}' \"x {text}\" {{{text}}}\n";
    List<String> values = List.of(
        "x; touch PWNED1",
        "$(touch PWNED2)",
        "`touch PWNED3`",
        "a b\n'c\" && touch PWNED4 | tee PWNED5 > PWNED6 &",
        "{script} {{ }} \\ $HOME *",
        "");
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      tasks.add(new Sh().with("", values.get(i), tmp.resolve("args" + i)));
    }
    RunSummary summary = run(tmp, cfg, options(runDir()), tasks.toArray(Task[]::new));

    assertEquals(ExitCode.OK, summary.exitCode(), failures(summary).toString());
    for (int i = 0; i < values.size(); i++) {
      String v = values.get(i);
      byte[] got = Files.readAllBytes(tmp.resolve("args" + i));
      List<String> argv = Arrays.asList(new String(got, StandardCharsets.UTF_8).split("\0", -1));
      assertEquals(List.of(v, "pre" + v + "post", v, "x " + v, "{" + v + "}", ""), argv);
    }
    try (Stream<Path> all = Files.walk(tmp)) {
      assertEquals(List.of(), all.filter(p -> p.getFileName().toString().startsWith("PWNED"))
          .collect(Collectors.toList()));
    }
    for (int i = 1; i <= 6; i++) {
      assertFalse(Files.exists(Path.of("PWNED" + i)), "created in the JVM's directory");
    }
  }

  @Test
  void output_isWrittenUnderItsOwnNameInAStagingDirectoryThenPublished() throws IOException {
    Path out = tmp.resolve("models/model.bin");
    RunSummary summary = run(tmp, SH, options(runDir()),
        new Sh().with("printf %s \"$0\" > \"$0\"", "", out));

    assertEquals(ExitCode.OK, summary.exitCode(), failures(summary).toString());
    Path written = Path.of(read(out));
    assertEquals("model.bin", written.getFileName().toString());
    assertEquals(out.getParent(), written.getParent().getParent());
    String holder = written.getParent().getFileName().toString();
    assertTrue(holder.startsWith(".model.bin.tmp-") && holder.endsWith(".d"), holder);
    try (Stream<Path> left = Files.list(out.getParent())) {
      assertEquals(List.of(out), left.collect(Collectors.toList()), "staging cleaned up");
    }
  }

  @Test
  void failingCommand_leavesNoOutputAndNoStaging() throws IOException {
    Path out = tmp.resolve("models/model.bin");
    RunSummary summary = run(tmp, SH, options(runDir()),
        new Sh().with("echo partial > \"$0\"; exit 4", "", out));

    assertEquals(ExitCode.TASK_FAILED, summary.exitCode());
    assertTrue(failures(summary).values().iterator().next()
        .startsWith("command 'bash' exited with code 4;"), failures(summary).toString());
    try (Stream<Path> left = Files.list(out.getParent())) {
      assertEquals(List.of(), left.collect(Collectors.toList()));
    }
  }

  @Test
  void zeroExitWithoutTheOutput_failsAndSaysWhatWasWritten() throws IOException {
    Path out = tmp.resolve("model.bin");
    RunSummary summary = run(tmp, SH, options(runDir()),
        new Sh().with("echo x > \"$0.npy\"", "", out));

    String message = failures(summary).values().iterator().next();
    assertTrue(message.startsWith("command 'bash' exited with code 0 but did not write {output} ("),
        message);
    assertTrue(message.endsWith(" for " + out + "); it wrote model.bin.npy instead"), message);
    assertFalse(Files.exists(out));
  }

  @Test
  void directoryOutput_isStagedAsADirectory() throws IOException {
    Path out = tmp.resolve("exported");
    RunSummary summary = run(tmp, "[Dir]\ncommand = " + EVAL + " {output} {script}\n", options(runDir()),
        new Dir().with("echo a > \"$0/a.txt\"; mkdir \"$0/sub\"", "", out));

    assertEquals(ExitCode.OK, summary.exitCode(), failures(summary).toString());
    assertEquals("a\n", read(out.resolve("a.txt")));
    assertTrue(Files.isDirectory(out.resolve("sub")));
  }

  @Test
  void namedOutputsAndInputs_renderTheirPaths() throws IOException {
    Pair pair = (Pair) new Pair().with("cat \"$2\" > \"$0\"; echo '{}' > \"$1\"", "", tmp.resolve("p"));
    pair.data = tmp.resolve("data.txt");
    String cfg = SH + "[Pair]\ncommand = " + EVAL + " {output[model]} {script} {output[metrics]}"
        + " {input[data]}\n";
    RunSummary summary = run(tmp, cfg, options(runDir()), pair);

    assertEquals(ExitCode.OK, summary.exitCode(), failures(summary).toString());
    assertEquals("data", read(tmp.resolve("p/model.bin")));
    assertEquals("{}\n", read(tmp.resolve("p/metrics.json")));
  }

  @Test
  void timeout_failsTheTaskAndTheWorkerRunsTheNextOne() throws IOException {
    String cfg = SH + "[Slow]\ncommand = " + EVAL + " {output} {script}\ntimeout = 300ms\n";
    Slow slow = (Slow) new Slow().with("sleep 30", "", tmp.resolve("slow"));
    slow.rank = 10; // first, on the only worker
    Sh quick = (Sh) new Sh().with("echo ok > \"$0\"", "", tmp.resolve("quick"));
    long start = System.nanoTime();
    RunSummary summary = run(tmp, cfg, options(runDir()).withWorkers(1), slow, quick);

    assertTrue(System.nanoTime() - start < 15_000_000_000L, "the sleep was not killed");
    assertEquals(1, summary.count(TaskState.DONE));
    assertEquals("ok\n", read(tmp.resolve("quick")));
    String message = failures(summary).get(slow.id().canonical());
    assertTrue(message.startsWith("command 'bash' timed out after 300ms and was killed;"), message);
    assertFalse(Files.exists(tmp.resolve("slow")));
  }

  @Test
  void environment_hasTheGpusTheRunVariablesAndTheWorkingDirectory() throws IOException {
    String script = "printf '%s|' \"$CUDA_VISIBLE_DEVICES\" \"$DATA_DIR\" \"$PIPELINE_RUN_DIR\""
        + " \"$PWD\" \"$1\" > \"$0\"";
    String cfg = "[Sh]\ncommand = " + EVAL + " {output} {script} {gpus}\n"
        + "[InSub]\ncommand = " + EVAL + " {output} {script} {gpus}\nworkdir = sub/dir\n";
    Sh gpu = (Sh) new Sh().with(script, "", tmp.resolve("gpu"));
    gpu.gpuCount = 1;
    InSub none = (InSub) new InSub().with(script, "", tmp.resolve("none"));
    Path runDir = runDir();
    RunSummary summary = run(tmp, cfg, options(runDir)
        .withGpus(List.of("6")).withEnvironment(Map.of("DATA_DIR", "/data/run1")), gpu, none);

    assertEquals(ExitCode.OK, summary.exitCode(), failures(summary).toString());
    assertEquals("6|/data/run1|" + runDir + "|" + runDir + "|6|", read(tmp.resolve("gpu")));
    assertEquals("|/data/run1|" + runDir + "|" + runDir.resolve("sub/dir") + "||",
        read(tmp.resolve("none")));
  }

  @Test
  void failureMessage_endsWithTheLastTenLinesOfTheLog() throws IOException {
    Path runDir = runDir();
    Sh task = new Sh().with("seq -f line%g 30; exit 3", "", tmp.resolve("x"));
    RunSummary summary = run(tmp, SH, options(runDir), task);

    RunSummary.Failure failure = summary.failures().get(0);
    String tail = IntStream.rangeClosed(21, 30).mapToObj(i -> "line" + i)
        .collect(Collectors.joining("\n"));
    assertEquals("command 'bash' exited with code 3; last lines of " + failure.log() + ":\n" + tail,
        failure.message());
    assertTrue(read(failure.log()).contains(" 'seq -f line%g 30; exit 3' "),
        "the log shows the command line");
  }

  @Test
  void unknownPlaceholder_failsBeforeAnythingRuns() throws IOException {
    After after = (After) new After().with("true", "", tmp.resolve("after"));
    after.marker = tmp.resolve("upstream-ran");
    String cfg = "[After]\n# comment\ncommand = " + EVAL + " {outptu} {script}\n";

    ConfigException e = assertThrows(ConfigException.class,
        () -> run(tmp, cfg, options(runDir()), after));
    assertEquals(cfgFile(tmp) + ":3: [After] command: unknown placeholder {outptu}; did you mean"
        + " {output}? known placeholders: {gpuCount}, {gpus}, {input}, {marker}, {out}, {output},"
        + " {rank}, {run_dir}, {script}, {text}; write {{ and }} for literal braces", e.getMessage());
    assertFalse(Files.exists(after.marker), "the upstream task ran");
  }

  @Test
  void malformedCommandOrTimeout_failsWithTheCfgLine() throws IOException {
    Sh task = new Sh().with("true", "", tmp.resolve("x"));
    ConfigException quote = assertThrows(ConfigException.class,
        () -> run(tmp, "[Sh]\ncommand = bash -c 'true\n", options(runDir()), task));
    assertEquals(cfgFile(tmp) + ":2: [Sh] command: unterminated single quote at character 9;"
        + " close it with '", quote.getMessage());

    ConfigException timeout = assertThrows(ConfigException.class,
        () -> run(tmp, SH + "timeout = 90\n", options(runDir()), task));
    assertEquals(cfgFile(tmp) + ":3: [Sh] timeout: wrong type: expected duration, got '90';"
        + " missing unit after '90', write e.g. 90s, 5m, 2h, 1d, 1h30m or PT5M",
        timeout.getMessage());
  }

  @Test
  void keyOnAPlainPlaceholderOrMissingOutputName_isAConfigError() throws IOException {
    Pair pair = (Pair) new Pair().with("true", "", tmp.resolve("p"));
    pair.data = tmp.resolve("data.txt");
    ConfigException e = assertThrows(ConfigException.class, () -> run(tmp,
        SH + "[Pair]\ncommand = " + EVAL + " {output[modle]} {script}\n", options(runDir()), pair));
    assertEquals(cfgFile(tmp) + ":4: [Pair] command: " + pair.id() + " has no output named"
        + " 'modle'; use one of {output[model]}, {output[metrics]}", e.getMessage());

    ConfigException several = assertThrows(ConfigException.class, () -> run(tmp,
        SH + "[Pair]\ncommand = " + EVAL + " {output} {script}\n", options(runDir()), pair));
    assertEquals(cfgFile(tmp) + ":4: [Pair] command: {output}: it has 2 targets, not one ("
        + pair.id() + "); use one of {output[model]}, {output[metrics]}", several.getMessage());
  }
}
