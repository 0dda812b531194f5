package dev.pipeline.sweep;

import static dev.pipeline.sweep.SweepFixture.DATETIME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.api.error.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed bugs, fixed, and the features added on top of the runner. */
class SweepBehaviourTest {
  @TempDir Path tmp;
  SweepFixture fx;

  @BeforeEach
  void setUp() throws Exception {
    fx = new SweepFixture(tmp);
    // check VALUE: prints it, appends it to $RAN, and fails when it is "bad".
    fx.program("check", """
        echo "checking $1"
        [ -n "${RAN:-}" ] && echo "$1" >> "$RAN"
        [ "$1" != bad ] || { echo "bad value" >&2; exit 3; }""");
  }

  private SweepArguments options() {
    SweepArguments o = fx.options();
    o.environment.put("RAN", tmp.resolve("ran").toString());
    return o;
  }

  private List<String> ran() throws Exception {
    return Files.exists(tmp.resolve("ran")) ? Files.readAllLines(tmp.resolve("ran")) : List.of();
  }

  private static Map<?, ?> entry(Path stat, String command) {
    return (Map<?, ?>) JsonText.readObject(stat).get(command);
  }

  @Test
  void failuresAreWrittenToStatJson() throws Exception {
    // Seed bug: a failing command broke out of the loop before stat.json was written.
    fx.write("params.yaml", """
        template:
          train: check {v}
          test: check tested-{v}
        ---
        v: [good, bad]
        """);
    SweepFixture.Result r = fx.run(options());
    assertEquals(3, r.exit(), r.out());
    Path stat = tmp.resolve("output/V_bad/stat.json");
    Map<?, ?> train = entry(stat, "train");
    assertEquals(1, train.get("code"));
    assertEquals("failed", train.get("status"));
    assertEquals(3, train.get("exit"));
    assertEquals("exited with code 3", train.get("error"));
    Map<?, ?> test = entry(stat, "test");
    assertEquals("skipped", test.get("status"), "the first failure skips the rest of the point");
    assertEquals(-1, test.get("code"));
    assertEquals(0, entry(tmp.resolve("output/V_good/stat.json"), "test").get("code"));
    assertTrue(r.out().contains("FAIL    train:2/2, output/V_bad: exited with code 3 (log: output/V_bad/log.train."
        + DATETIME + ")"), r.out());
    assertTrue(r.out().contains("Failed tasks: 1/2\n  V_bad\n"), r.out());
    assertEquals("checking bad\nbad value\n", fx.read("output/V_bad/log.train." + DATETIME));
    assertEquals(List.of("good", "tested-good", "bad"), ran());

    // Run again: only the failed point runs, from its failed command.
    Files.delete(tmp.resolve("ran"));
    SweepFixture.Result again = fx.run(options());
    assertEquals(3, again.exit());
    assertEquals(List.of("bad"), ran());
  }

  @Test
  void noParamDirKeepsEachPointsStateApart() throws Exception {
    // Seed bug: with --no-param-dir all points shared one stat.json keyed by command, so once
    // any point succeeded every other point (even new ones) was skipped.
    fx.write("params.yaml", """
        template:
          run: check {v}
        ---
        v: [one, bad]
        """);
    SweepArguments o = options();
    o.noParamDir = true;
    assertEquals(3, fx.run(o).exit());
    assertEquals(0, entry(tmp.resolve("output/stat.V_one.json"), "run").get("code"));
    assertEquals(1, entry(tmp.resolve("output/stat.V_bad.json"), "run").get("code"));
    assertFalse(fx.exists("output/stat.json"));

    fx.write("params.yaml", """
        template:
          run: check {v}
        ---
        v: [one, bad, new]
        """);
    Files.delete(tmp.resolve("ran"));
    assertEquals(3, fx.run(o).exit());
    assertEquals(List.of("bad", "new"), ran(), "the failed and the new point run; the succeeded one does not");
    assertEquals("V_new", JsonText.readObject(tmp.resolve("output/param.V_new.json")).get("_name"));
    assertEquals("V_one", JsonText.readObject(tmp.resolve("output/param.V_one.json")).get("_name"));
  }

  @Test
  void succeededPointsAreSkippedAndForceRunsThemAgain() throws Exception {
    fx.write("params.yaml", """
        template:
          run: check {v}
        ---
        v: [a, b]
        """);
    assertEquals(0, fx.run(options()).exit());
    assertEquals(List.of("a", "b"), ran());
    SweepFixture.Result skip = fx.run(options());
    assertEquals(0, skip.exit());
    assertEquals(List.of("a", "b"), ran());
    assertTrue(skip.out().contains("commands to run: 0"), skip.out());
    SweepArguments force = options();
    force.force = true;
    SweepFixture.Result forced = fx.run(force);
    assertEquals(0, forced.exit(), forced.out());
    assertEquals(List.of("a", "b", "a", "b"), ran());
    assertTrue(forced.out().contains("commands to run: 2"), forced.out());
  }

  @Test
  void aTimeoutFailsOnlyThatPoint() throws Exception {
    fx.program("nap", "echo napping; sleep \"$1\"");
    fx.write("params.yaml", """
        template:
          run: nap {secs}
          after: check after-{secs}
        ---
        secs: [0, 30]
        """);
    SweepArguments o = options();
    o.timeout = "1s";
    o.workers = 2;
    long start = System.nanoTime();
    SweepFixture.Result r = fx.run(o);
    assertTrue((System.nanoTime() - start) / 1e9 < 25, "the 30 s point was stopped");
    assertEquals(3, r.exit(), r.out());
    Map<?, ?> slow = entry(tmp.resolve("output/Secs_30/stat.json"), "run");
    assertEquals(1, slow.get("code"));
    assertTrue(((String) slow.get("error")).startsWith("timed out after 1s"), slow.toString());
    assertEquals("skipped", entry(tmp.resolve("output/Secs_30/stat.json"), "after").get("status"));
    assertEquals(0, entry(tmp.resolve("output/Secs_0/stat.json"), "after").get("code"));
    assertEquals(List.of("after-0"), ran());
    assertTrue(r.out().contains("Failed tasks: 1/2\n  Secs_30\n"), r.out());
  }

  @Test
  void parameterValuesCannotInjectCommands() throws Exception {
    fx.write("params.yaml", """
        template:
          run: printf '%s\\n' {v} "[{v}]" --name={v}
          shell: bash -c 'printf "%s\\n" "$1"' _ {v}
        ---
        v:
          - "$(touch pwned1)"
          - "; touch pwned2"
          - "`touch pwned3`"
          - "' && touch pwned4 '"
          - "x\\n touch pwned5"
          - "| touch pwned6"
          - "> pwned7"
        """);
    SweepFixture.Result r = fx.run(options());
    assertEquals(0, r.exit(), r.out());
    try (Stream<Path> all = Files.walk(tmp)) {
      assertEquals(List.of(), all.filter(p -> p.getFileName().toString().startsWith("pwned")).toList());
    }
    // Each value arrived as one argument, unchanged.
    Map<String, Object> param = null;
    try (Stream<Path> dirs = Files.list(tmp.resolve("output"))) {
      for (Path d : dirs.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().startsWith(".")).toList()) {
        param = JsonText.readObject(d.resolve("param.json"));
        String v = (String) param.get("v");
        String log = Files.readString(d.resolve("log.run." + DATETIME));
        assertEquals(v + "\n[" + v + "]\n--name=" + v + "\n", log);
        assertEquals(v + "\n", Files.readString(d.resolve("log.shell." + DATETIME)));
      }
    }
    assertTrue(param != null);
  }

  @Test
  void sampleWithASeedIsReproducible() throws Exception {
    fx.write("params.yaml", """
        template:
          run: check {a}-{b}
        ---
        a: [1, 2, 3, 4]
        b: [1, 2, 3]
        """);
    SweepArguments o = options();
    o.sample = 3;
    o.seed = 11L;
    o.output = "first";
    assertEquals(0, fx.run(o).exit());
    o.output = "second";
    assertEquals(0, fx.run(o).exit());
    List<String> first = fx.files("first").stream().filter(f -> f.endsWith("stat.json")).toList();
    assertEquals(3, first.size());
    assertEquals(first, fx.files("second").stream().filter(f -> f.endsWith("stat.json")).toList());
    o.seed = null;
    o.output = "third";
    SweepFixture.Result r = fx.run(o);
    assertTrue(r.out().contains("Sampling with seed "), r.out());
  }

  @Test
  void dictStyleGridsRecordArgumentsAndSeparateStreamsPerInvocation() throws Exception {
    fx.program("main.py", "echo \"args: $*\"; echo \"warn: $2\" >&2");
    fx.write("grid.json", """
        [{"lr": [0.001, 0.0001], "seed": [1]}, {"lr": 0.1, "seed": [2], "epochs": 10000}]
        """);
    SweepArguments o = options();
    o.yaml = Path.of("grid.json");
    o.exec = "main.py with";
    o.output = "results";
    SweepFixture.Result r = fx.run(o);
    assertEquals(0, r.exit(), r.out());
    String point = "results/Lr_0.1-Seed_2-Epochs_10000/" + DATETIME;
    assertEquals("lr=0.1\nseed=2\nepochs=10000\n", fx.read(point + "/args.txt"));
    assertEquals("args: with --lr 0.1 --seed 2 --epochs 10000\n", fx.read(point + "/stdout"));
    assertEquals("warn: --lr\n", fx.read(point + "/stderr"));
    assertEquals(0, entry(tmp.resolve("results/Lr_0.001-Seed_1/stat.json"), "main").get("code"));
    // The same grid as YAML names the same points, so they are skipped.
    fx.write("grid.yaml", "- {lr: [0.001, 0.0001], seed: [1]}\n- {lr: 0.1, seed: [2], epochs: 10000}\n");
    o.yaml = Path.of("grid.yaml");
    SweepFixture.Result again = fx.run(o);
    assertTrue(again.out().contains("Tasks: 3, commands to run: 0"), again.out());
  }

  @Test
  void retriesRunAFailedPointAgainFromItsFailedCommand() throws Exception {
    fx.program("flaky", "[ -e \"$1\" ] && { echo second; exit 0; }; touch \"$1\"; echo first; exit 1");
    fx.write("params.yaml", """
        template:
          prepare: check prepared
          run: flaky {marker}
        ---
        marker: [m1]
        """);
    SweepArguments o = options();
    o.retries = 1;
    o.retryBackoff = "10ms";
    SweepFixture.Result r = fx.run(o);
    assertEquals(0, r.exit(), r.out());
    assertTrue(r.out().contains("RETRY"), r.out());
    assertEquals(List.of("prepared"), ran(), "the succeeded command is not repeated on retry");
    assertEquals("finished", entry(tmp.resolve("output/Marker_m1/stat.json"), "run").get("status"));
  }

  @Test
  void confirmRunsTheFirstPointThenAsks() throws Exception {
    fx.write("params.yaml", """
        template:
          run: check {v}
        ---
        v: [a, b, c, d, e]
        """);
    SweepFixture.Result r = fx.run(optionsConfirm(), "n\ny\nexit\n");
    assertEquals(0, r.exit(), r.out());
    assertEquals(List.of("a", "c"), ran());
    assertTrue(r.out().contains("Run (2/5): V_b? (y/n/all/exit) skipping V_b"), r.out());
    // Again: a is done; b is asked first now, and "all" takes the rest.
    Files.delete(tmp.resolve("ran"));
    SweepFixture.Result all = fx.run(optionsConfirm(), "all\n");
    assertEquals(0, all.exit(), all.out());
    assertEquals(List.of("b", "d", "e"), ran().stream().sorted().toList());
  }

  private SweepArguments optionsConfirm() {
    SweepArguments o = options();
    o.confirm = true;
    return o;
  }

  @Test
  void manualWritesJobScriptsAndRunsNothing() throws Exception {
    fx.write("params.yaml", """
        template:
          run: check {v}
          again: check "again {v}"
        resource: [0, 1]
        ---
        v: [a, b]
        """);
    SweepArguments o = options();
    o.manual = true;
    SweepFixture.Result r = fx.run(o);
    assertEquals(0, r.exit(), r.out());
    assertEquals(List.of(), ran());
    assertTrue(r.out().startsWith("bash output/manual/V_a.sh\nbash output/manual/V_b.sh\n"), r.out());
    String script = fx.read("output/manual/V_b.sh");
    assertTrue(script.contains("export CUDA_VISIBLE_DEVICES=1\n"), script);
    assertTrue(script.contains("check 'again b' > output/V_b/log.again." + DATETIME + " 2>&1 || exit\n"), script);
    ProcessBuilder pb = new ProcessBuilder("bash", tmp.resolve("output/manual/V_b.sh").toString())
        .redirectErrorStream(true);
    pb.environment().putAll(o.environment);
    Process p = pb.start();
    p.getInputStream().readAllBytes();
    assertEquals(0, p.waitFor());
    assertEquals("checking again b\n", fx.read("output/V_b/log.again." + DATETIME));
  }

  @Test
  void dryRunPrintsCommandsAndWritesNothing() throws Exception {
    fx.write("params.yaml", """
        template:
          run: check {v}
        ---
        v: [a, "b c"]
        """);
    SweepArguments o = options();
    o.dryRun = true;
    SweepFixture.Result r = fx.run(o);
    assertEquals(0, r.exit());
    assertTrue(r.out().contains("RUN  2/2 V_'b c'\n  run: check 'b c' > 'output/V_'\\''b c'\\''/log.run."
        + DATETIME + "' 2>&1\n"), r.out());
    assertTrue(r.out().contains("RUN  1/2 V_a\n  run: check a > output/V_a/log.run." + DATETIME + " 2>&1"), r.out());
    assertFalse(fx.exists("output"));
  }

  @Test
  void summaryTabulatesStatusDurationAndMetricsSortedByAMetric() throws Exception {
    fx.program("score", "[ \"$1\" = bad ] && exit 1; printf '{\"acc\": %s, \"eval\": {\"loss\": %s}}' \"$1\" \"$2\" > \"$3/results.json\"");
    fx.write("params.yaml", """
        template:
          run: score {acc} {loss} {_output}
        ---
        acc: [0.5, 0.9, 0.7]
        loss: [1]
        ---
        acc: [bad]
        loss: [2]
        """);
    assertEquals(3, fx.run(options()).exit());
    SweepArguments s = options();
    s.summary = true;
    s.sort = "acc";
    s.descending = true;
    SweepFixture.Result r = fx.run(s);
    assertEquals(0, r.exit());
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.get(0).matches("name +status +duration +acc +eval.loss"), lines.get(0));
    assertTrue(lines.get(1).matches("Acc_0.9-Loss_1 +succeeded +\\d+\\.\\ds +0.9 +1"), lines.get(1));
    assertTrue(lines.get(2).startsWith("Acc_0.7-Loss_1 "), r.out());
    assertTrue(lines.get(3).startsWith("Acc_0.5-Loss_1 "), r.out());
    assertTrue(lines.get(4).matches("Acc_bad-Loss_2 +failed +\\d+\\.\\ds +- +-"), lines.get(4));
    assertEquals("4 point(s): 1 failed, 3 succeeded", lines.get(5));
    s.descending = false;
    assertTrue(fx.run(s).out().lines().toList().get(1).startsWith("Acc_0.5-Loss_1 "));
    s.sort = "acc_";
    UsageException e = assertThrows(UsageException.class, () -> fx.run(s));
    assertTrue(e.getMessage().contains("did you mean acc?"), e.getMessage());
  }

  @Test
  void unknownExecutorsAreRefusedBeforeAnythingRuns() throws Exception {
    fx.write("params.yaml", "template: {run: 'check {v}'}\n---\nv: [a]\n");
    SweepArguments o = options();
    o.executor = "slurmm";
    UsageException e = assertThrows(UsageException.class, () -> fx.run(o));
    assertEquals("--executor slurmm: unknown executor (known: local, slurm, condor, lsf, pbs, kubernetes)",
        e.getMessage());
    assertFalse(fx.exists("output"), "nothing ran");
  }

  @Test
  void readmeDocumentsAliasPackAndDefault() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    int section = readme.indexOf("### Parameter aliases, packs and defaults");
    assertTrue(section > 0, "README has the section the runner left as TODO");
    String text = readme.substring(section, readme.indexOf("\n### ", section + 1));
    for (String word : List.of("`default:`", "`alias:`", "`pack:`", "list form", "dict form", "[seed2]")) {
      assertTrue(text.contains(word), word);
    }
    assertTrue(text.length() > 1000, "more than a placeholder");
  }
}
