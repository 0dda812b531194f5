package dev.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.cli.cluster.OptionNamedTasks;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A root-task parameter named like a run option is reachable only as --Family-param; the bare
 * form is refused instead of silently setting the run option (issue 12).
 */
class AmbiguousOptionsTest {
  @TempDir Path dir;
  final StringWriter err = new StringWriter();

  @BeforeEach
  void plugin() throws Exception {
    Path services = dir.resolve("plugins/META-INF/services/dev.pipeline.api.Task");
    Files.createDirectories(services.getParent());
    Files.writeString(services, OptionNamedTasks.OptionNamed.class.getName() + "\n");
  }

  private int cli(String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--classpath";
    all[args.length + 1] = dir.resolve("plugins").toString();
    all[args.length + 2] = "--run-dir";
    all[args.length + 3] = dir.toString();
    return PipelineCli.execute(all, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
  }

  @Test
  void theBareForm_isRefusedWithBothSpellings() {
    int rc = cli("run", "CtOptionNamed", "--out", dir.resolve("out").toString(), "--gpus", "1");
    assertEquals(2, rc, err.toString());
    assertTrue(err.toString().contains("--gpus is ambiguous: it is an option of this command and a"
        + " parameter of CtOptionNamed; write --CtOptionNamed-gpus VALUE for the parameter,"
        + " [core] gpus for the option"), err.toString());
    assertEquals(1, err.toString().strip().lines().count(), "one line: " + err);
    assertFalse(Files.exists(dir.resolve("out/seen.txt")), "nothing ran");
  }

  @Test
  void theFamilyForm_setsTheParameter() throws Exception {
    int rc = cli("run", "CtOptionNamed", "--out", dir.resolve("out").toString(),
        "--CtOptionNamed-gpus", "1", "--CtOptionNamed-workers=3", "--progress=lines");
    assertEquals(0, rc, err.toString());
    assertEquals("gpus=1 workers=3", Files.readString(dir.resolve("out/seen.txt")));
  }

  @Test
  void status_refusesTheBareFormOfItsOwnOptions_andTakesTheOthersAsParameters() {
    assertEquals(2, cli("status", "CtOptionNamed", "--out", dir.resolve("out").toString(), "--depth", "1"));
    assertTrue(err.toString().contains("--depth is ambiguous"), err.toString());
    // status has no --workers option: there it can only mean the parameter.
    assertEquals(0, cli("status", "CtOptionNamed", "--out", dir.resolve("out").toString(), "--workers", "2"),
        err.toString());
  }
}
