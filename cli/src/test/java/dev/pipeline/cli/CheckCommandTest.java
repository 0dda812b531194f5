package dev.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pipeline check} and the preflight of {@code pipeline run}: every problem, exit 2. */
class CheckCommandTest {
  @TempDir Path tmp;

  private Path cfg(String text) throws Exception {
    Path file = tmp.resolve("run.cfg");
    Files.writeString(file, text);
    return file;
  }

  private static final String BROKEN = """
      [Command]
      output = %s/out/{name}.txt
      command = pyhton train.py {output}
      sandbox = venv::%s/no-venv
      [preflight]
      free_space = %s=900000000G
      """;

  @Test
  void check_listsEveryProblemAndExits2_withoutRunningAnything() throws Exception {
    Path file = cfg(BROKEN.formatted(tmp, tmp, tmp));
    Cli cli = Cli.run("check", "Command", "--name", "a", "--config", file.toString(),
        "--run-dir", tmp.toString());

    assertEquals(2, cli.code(), cli.err());
    String[] lines = cli.err().strip().split("\n");
    assertEquals("error: preflight found 3 problems before anything ran:", lines[0]);
    assertEquals("  " + file + ":4: [Command] sandbox: venv " + tmp.resolve("no-venv")
        + " has no bin/python; create it with python3 -m venv " + tmp.resolve("no-venv"),
        lines[1]);
    assertEquals("  " + file + ":3: [Command] command: program pyhton is not on the PATH;"
        + " install it, or write its full path", lines[2]);
    assertEquals(4, lines.length, cli.err());
    assertFalse(Files.exists(tmp.resolve(".pipeline/journal.jsonl")));
  }

  @Test
  void run_makesTheSameChecksFirst() throws Exception {
    Path file = cfg(BROKEN.formatted(tmp, tmp, tmp));
    Cli cli = Cli.run("run", "Command", "--name", "a", "--config", file.toString(),
        "--run-dir", tmp.toString());

    assertEquals(2, cli.code(), cli.err());
    assertEquals("error: preflight found 3 problems before anything ran:",
        cli.err().strip().split("\n")[0]);
  }

  @Test
  void check_withNothingWrong_saysHowManyTasksWouldRun() throws Exception {
    Path file = cfg("[Command]\noutput = " + tmp + "/out/{name}.txt\ncommand = sh -c 'echo x >"
        + " \"$$1\"' _ {output}\n");
    Cli cli = Cli.run("check", "Command", "--name", "b", "--requires", "a", "--config",
        file.toString(), "--run-dir", tmp.toString());

    assertEquals(0, cli.code(), cli.err());
    assertEquals("preflight: no problems; 2 tasks would run\n", cli.out());
    assertFalse(Files.exists(tmp.resolve("out")));
  }

  @Test
  void preflightDisabled_runGoesOnToTheTask() throws Exception {
    Path file = cfg("[Command]\noutput = " + tmp + "/out/{name}.txt\ncommand = pyhton {output}\n"
        + "[preflight]\nenabled = false\n");
    Cli cli = Cli.run("run", "Command", "--name", "a", "--config", file.toString(),
        "--run-dir", tmp.toString());

    assertEquals(3, cli.code(), cli.err()); // the task itself fails: pyhton cannot start
  }
}
