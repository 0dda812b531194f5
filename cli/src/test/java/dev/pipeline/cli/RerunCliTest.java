package dev.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --dry-run}, {@code --force}, {@code --force-families} and {@code --rerun-triggers}
 * from the command line: the dry run changes no file at all, bad values are one-line usage errors.
 */
@Timeout(120)
class RerunCliTest {
  @TempDir Path dir;

  private Cli run(String... more) {
    String[] base = {"run", "Fan", "--out", dir.resolve("out").toString(), "--run-dir",
        dir.toString(), "--progress", "lines"};
    String[] args = Stream.concat(Stream.of(base), Stream.of(more)).toArray(String[]::new);
    return Cli.run(args);
  }

  /** Every file under the directory with its size, modification time and content hash. */
  private Map<String, String> snapshot() throws Exception {
    Map<String, String> out = new TreeMap<>();
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.toList()) {
        String what = Files.isDirectory(p) ? "dir"
            : Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis() + " "
                + HexFormat.of().formatHex(sha.digest(Files.readAllBytes(p)));
        out.put(dir.relativize(p).toString(), what);
      }
    }
    return out;
  }

  @Test
  void dryRun_printsWhatWouldRunAndWhy_andChangesNothing() throws Exception {
    Cli fresh = run("--n", "3", "--dry-run");
    assertEquals(0, fresh.code(), fresh.err());
    assertTrue(fresh.out().contains("4 of 4 tasks would run (4 missing)"), fresh.out());
    assertFalse(Files.exists(dir.resolve(".pipeline")), "a dry run creates nothing");

    assertEquals(0, run("--n", "3").code());
    Files.writeString(dir.resolve("out/2.txt"), "edited\n");
    Map<String, String> before = snapshot();
    Cli dry = run("--n", "4", "-n");
    assertEquals(0, dry.code(), dry.err());
    assertEquals(before, snapshot(), "no file, journal or provenance changed");
    assertEquals("""
        bench.Fan(n=4, out=$DIR/out): stale: n 3 -> 4
        `-- bench.FanLeaf(i=3, out=$DIR/out): missing
        2 of 5 tasks would run (1 missing, 1 stale); dry run: nothing was changed
        """, dry.out(dir));
    Cli input = run("--n", "3", "-n");
    assertTrue(input.out().startsWith("bench.Fan(n=3, out=" + dir + "/out): stale: input out/2.txt"
        + " changed\n"), input.out());
  }

  @Test
  void dryRun_ofALargeGraph_countsPerFamily() {
    Cli dry = run("--n", "100", "-n");
    assertEquals(0, dry.code(), dry.err());
    assertEquals("""
          bench.FanLeaf: 100 (100 missing)
          bench.Fan: 1 (1 missing)
        101 of 101 tasks would run (101 missing); dry run: nothing was changed
        """, dry.out(dir));
  }

  @Test
  void force_rerunsTheRoot_forceFamilies_theirTasksAndDownstream() throws IOException {
    assertEquals(0, run("--n", "3").code());
    Cli forced = run("--n", "3", "--force");
    assertEquals(0, forced.code(), forced.err());
    assertTrue(forced.out().contains("Summary: 3 complete, 1 done"), forced.out());
    Cli families = run("--n", "3", "--force-families", "FanLeaf");
    assertTrue(families.out().contains("Summary: 4 done"), families.out());
    Cli none = run("--n", "3");
    assertTrue(none.out().contains("Everything requested was already complete."), none.out());
  }

  @Test
  void badValues_areOneLineUsageErrors() throws IOException {
    Cli triggers = run("--n", "3", "--rerun-triggers", "params,inputs");
    assertEquals(2, triggers.code());
    assertEquals("error: --rerun-triggers: unknown rerun trigger 'inputs' in 'params,inputs'; write"
        + " a comma-separated subset of params,input,version, or none\n", triggers.err());
    Cli family = run("--n", "3", "--force-families", "FanLeef");
    assertEquals(2, family.code());
    assertEquals("error: --force-families: unknown family 'FanLeef'; did you mean FanLeaf?\n",
        family.err());
    Cli report = run("--n", "3", "-n", "--report", dir.resolve("r.html").toString());
    assertEquals(2, report.code());
    assertEquals("error: --report shows a run and --dry-run runs nothing; drop one of them\n",
        report.err());
    assertFalse(Files.exists(dir.resolve("r.html")));
    Path cfg = Files.writeString(dir.resolve("p.cfg"), "[core]\nrerun_triggers = params,code\n");
    Cli core = run("--n", "3", "--config", cfg.toString());
    assertEquals(2, core.code());
    assertEquals(1, core.err().lines().count(), core.err());
    assertTrue(core.err().contains("p.cfg:2") && core.err().contains("rerun_triggers"), core.err());
  }
}
