package dev.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** status, graph, index and remove-output through the command line, on the bench families. */
class InspectCommandsTest {
  @TempDir Path dir;

  /** A Fan run of 12 that stopped: leaves 0-8 done, 9 failed, 10 was running when it died. */
  private Path partialFanRun() throws IOException {
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    for (int i = 0; i < 9; i++) {
      Files.writeString(out.resolve(i + ".txt"), i + "\n");
    }
    long dead = deadPid();
    journal(
        "{\"type\":\"run_started\",\"run\":\"r1\",\"time\":\"" + java.time.Instant.now()
            + "\",\"pid\":" + dead + "}",
        task("r1", "bench.FanLeaf(i=9, out=" + out + ")", "RUNNING", null),
        task("r1", "bench.FanLeaf(i=9, out=" + out + ")", "FAILED", "exit code 1"),
        task("r1", "bench.FanLeaf(i=10, out=" + out + ")", "RUNNING", null));
    return out;
  }

  private void journal(String... lines) throws IOException {
    Path file = dir.resolve(".pipeline/journal.jsonl");
    Files.createDirectories(file.getParent());
    Files.writeString(file, String.join("\n", lines) + "\n");
  }

  private String task(String run, String id, String state, String message) {
    String family = id.substring(0, id.indexOf('('));
    return "{\"type\":\"task\",\"run\":\"" + run + "\",\"task\":\"" + id + "\",\"family\":\""
        + family + "\",\"state\":\"" + state + "\",\"attempt\":1"
        + (message == null ? "" : ",\"message\":\"" + message + "\",\"log\":\"" + dir
            + "/.pipeline/logs/" + family + ".log\"") + "}";
  }

  private static long deadPid() {
    try {
      Process p = new ProcessBuilder("true").start();
      p.waitFor();
      return p.pid();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private List<String> files(Path in) throws IOException {
    try (Stream<Path> all = Files.list(in)) {
      return all.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void status_partialFanRun_matchesGolden_exitsZero() throws IOException {
    Path out = partialFanRun();
    Cli r = Cli.run("status", "Fan", "--n", "12", "--out", out.toString(), "--run-dir",
        dir.toString());
    assertEquals("", r.err());
    assertEquals(0, r.code());
    assertEquals(Cli.golden("status-fan.txt"), r.out(dir));
  }

  @Test
  void status_showsFailureMessageAndLog_andInterruption() throws IOException {
    Path out = partialFanRun();
    assertEquals("bench.FanLeaf(i=9, out=$DIR/out): failed: exit code 1"
            + " (log: $DIR/.pipeline/logs/bench.FanLeaf.log)\n1 task: 1 failed\n",
        Cli.run("status", "FanLeaf", "--i", "9", "--out", out.toString(), "--run-dir",
            dir.toString()).out(dir));
    assertEquals("bench.FanLeaf(i=10, out=$DIR/out): incomplete (last run interrupted)\n"
            + "1 task: 1 incomplete\n",
        Cli.run("status", "FanLeaf", "--i", "10", "--out", out.toString(), "--run-dir",
            dir.toString()).out(dir));
  }

  @Test
  void status_takesParametersLikeRun_cfgThenFamilyOptions() throws IOException {
    Path cfg = dir.resolve("p.cfg");
    Files.writeString(cfg, "[Fan]\nn = 2\nout = " + dir.resolve("out") + "\n");
    Cli r = Cli.run("status", "Fan", "--config", cfg.toString(), "--FanLeaf-out",
        dir.resolve("leaves").toString(), "--run-dir", dir.toString(), "--depth", "1");
    assertEquals(0, r.code(), r.err());
    assertEquals("""
        bench.Fan(n=2, out=$DIR/out): incomplete
        |-- bench.FanLeaf(i=0, out=$DIR/leaves): incomplete
        `-- bench.FanLeaf(i=1, out=$DIR/leaves): incomplete
        3 tasks within depth 1: 3 incomplete
        """, r.out(dir));
  }

  /** Layers 2 x 3: layer 0 and (1, 0) done, (1, 1) failed; (1, 2) and the sink are not. */
  private Path partialLayersRun() throws IOException {
    Path out = dir.resolve("l");
    Files.createDirectories(out);
    for (String name : List.of("0_0", "0_1", "0_2", "1_0")) {
      Files.writeString(out.resolve(name + ".txt"), name);
    }
    journal("{\"type\":\"run_started\",\"run\":\"r1\",\"pid\":" + deadPid() + "}",
        task("r1", "bench.LayersNode(index=1, layer=1, out=" + out + ", width=3)", "FAILED", "boom"));
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"dot", "mermaid"})
  void graph_smallLayers_matchesGolden(String format) throws IOException {
    Path out = partialLayersRun();
    Cli r = Cli.run("graph", "Layers", "--layers", "2", "--width", "3", "--out", out.toString(),
        "--run-dir", dir.toString(), "--format", format);
    assertEquals(0, r.code(), r.err());
    assertEquals(Cli.golden(format.equals("dot") ? "layers.dot" : "layers.mmd"), r.out(dir));
  }

  @Test
  void graph_collapsesLargeFanouts() throws IOException {
    Path out = partialFanRun();
    Cli r = Cli.run("graph", "Fan", "--n", "12", "--out", out.toString(), "--run-dir",
        dir.toString(), "--format", "mermaid");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains(
        "\n  n1[\"bench.FanLeaf x 12: 9 complete, 2 incomplete, 1 failed\"]\n  n0 --> n1\n"), r.out());
    assertEquals(2, r.out().lines().filter(l -> l.matches("  n\\d+\\[.*")).count(), r.out());
  }

  @Test
  void index_builtInFamilies_matchesGolden() {
    Cli r = Cli.run("index");
    assertEquals(0, r.code(), r.err());
    assertEquals(Cli.golden("index.txt"), r.out());
  }

  @Test
  void index_hidesTheBenchmarkFamilies_unlessAskedForAll() {
    assertTrue(Cli.run("index").out().lines().noneMatch(l -> l.startsWith("bench.")));
    Cli all = Cli.run("index", "--all");
    assertEquals(0, all.code(), all.err());
    assertTrue(all.out().contains("bench.Fan - N leaf tasks and one sink that requires them all\n"), all.out());
  }

  @Test
  void index_withConfig_showsConfiguredValueAndOrigin() throws IOException {
    Path cfg = dir.resolve("p.cfg");
    Files.writeString(cfg, "[Fan]\nn = 5\n");
    Cli r = Cli.run("index", "--all", "--config", cfg.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out(dir).contains("""
          --n        int                         default 1000  significant    number of leaves
                     cfg: 5 ($DIR/p.cfg:2: [Fan] n)
          --out  \
        """), r.out());
  }

  @Test
  void removeOutput_notATerminal_needsYes() throws IOException {
    Path out = partialFanRun();
    List<String> before = files(out);
    Cli r = Cli.run("remove-output", "Fan", "--n", "12", "--out", out.toString(), "--run-dir",
        dir.toString(), "--depth", "1");
    assertEquals(2, r.code());
    assertEquals("error: remove-output would remove 9 outputs of 9 tasks and there is no terminal"
        + " to confirm on; pass --yes to remove them (or --dry-run to list them)\n", r.err());
    assertEquals(before, files(out));
  }

  @Test
  void removeOutput_yes_removesTheTreesOutputsOnly() throws IOException {
    Path out = partialFanRun();
    Files.writeString(out.resolve("all.txt"), "12\n");
    Files.writeString(out.resolve("12.txt"), "not a leaf of bench.Fan(n=12)\n");
    Cli r = Cli.run("remove-output", "Fan", "--n", "12", "--out", out.toString(), "--run-dir",
        dir.toString(), "--yes");
    assertEquals(0, r.code(), r.err());
    assertEquals(List.of("0.txt", "1.txt", "12.txt", "2.txt", "3.txt", "4.txt", "5.txt", "6.txt",
        "7.txt", "8.txt"), files(out));
    r = Cli.run("remove-output", "Fan", "--n", "12", "--out", out.toString(), "--run-dir",
        dir.toString(), "--yes", "--depth", "1");
    assertEquals(0, r.code(), r.err());
    assertEquals(List.of("12.txt"), files(out));
    assertTrue(r.out().endsWith("Removed 9 outputs of 9 tasks.\n"), r.out());
  }

  @Test
  void removeOutput_dryRun_removesNothing() throws IOException {
    Path out = partialFanRun();
    List<String> before = files(out);
    Cli r = Cli.run("remove-output", "Fan", "--n", "12", "--out", out.toString(), "--run-dir",
        dir.toString(), "--depth", "1", "--dry-run");
    assertEquals(0, r.code(), r.err());
    assertEquals(before, files(out));
    assertTrue(r.out(dir).startsWith("bench.FanLeaf(i=0, out=$DIR/out)\n  would remove $DIR/out/0.txt\n"),
        r.out());
  }

  @ParameterizedTest
  @ValueSource(strings = {"status", "remove-output", "graph"})
  void unknownFamily_isUsageErrorWithSuggestion(String command) {
    Cli r = Cli.run(command, "Fna", "--run-dir", dir.toString());
    assertEquals(2, r.code());
    assertEquals("error: unknown task family 'Fna'; did you mean Fan?\n", r.err());
    assertEquals("", r.out());
  }

  @ParameterizedTest
  @ValueSource(strings = {"status", "remove-output", "graph"})
  void unknownParameter_isUsageErrorWithSuggestion(String command) {
    Cli r = Cli.run(command, "Fan", "--nn", "3", "--run-dir", dir.toString());
    assertEquals(2, r.code());
    assertEquals("error: bench.Fan: unknown parameter --nn; did you mean --n?"
        + " (parameters: n, out, preset, storage)\n", r.err());
  }

  @Test
  void badOptions_areOneLineUsageErrors() {
    assertEquals(new Cli(2, "", "error: --depth must be 0 or more (or -1 for everything), got -2\n"),
        Cli.run("status", "Fan", "--out", dir.toString(), "--depth", "-2"));
    assertEquals(new Cli(2, "", "error: --format: unknown format 'png'; use dot or mermaid\n"),
        Cli.run("graph", "Fan", "--out", dir.toString(), "--format", "png"));
    assertEquals(new Cli(2, "", "error: completion: unsupported shell 'fish'; supported: bash"
        + " (zsh can source the bash script)\n"), Cli.run("completion", "fish"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"status", "remove-output", "graph", "index", "completion"})
  void help_everyCommand(String command) {
    Cli r = Cli.run(command, "--help");
    assertEquals(0, r.code());
    assertTrue(r.out().startsWith("Usage: pipeline " + command + " "), r.out());
    assertTrue(r.out().contains("--config=FILE"), r.out());
    assertTrue(r.out().contains("--classpath=JAR"), r.out());
    assertTrue(r.out().contains("--stacktrace"), r.out());
  }

  @Test
  void topLevelHelp_listsTheCommands() {
    String help = Cli.run("--help").out();
    for (String c : List.of("status", "remove-output", "graph", "index", "completion")) {
      assertTrue(help.contains("\n  " + c + " "), help);
    }
    assertFalse(help.isEmpty());
  }
}
