package dev.pipeline.engine.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.engine.event.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sandbox = venv::requirements.txt}: a real venv (Debian's python3-venv, with the system
 * site packages, since PyPI is not reachable) built from the file, keyed by its content hash.
 */
class BuiltVenvTest {
  private static final String PYTHON = "/usr/bin/python3";
  private static final String PREFIX = "python -c 'import sys; open(sys.argv[1], \"w\")"
      + ".write(sys.prefix)' {output}";

  @TempDir Path tmp;
  Path runDir;

  @BeforeEach
  void python() throws Exception {
    assumeTrue(Files.isExecutable(Path.of(PYTHON)), "skipped: no /usr/bin/python3");
    runDir = Files.createDirectories(tmp.resolve("run"));
  }

  private RunSummary run(String requirements, String out) throws Exception {
    Files.writeString(tmp.resolve("requirements.txt"), requirements);
    String cfg = "[Probe]\ncommand = " + PREFIX + "\nsandbox = venv::" + tmp.resolve(
        "requirements.txt") + "\nsandbox_program = " + PYTHON + "\n";
    return SandboxRuns.run(tmp, cfg, SandboxRuns.options(runDir, Map.of()), tmp.resolve(out), 0);
  }

  private List<Path> environments() throws Exception {
    try (Stream<Path> s = Files.list(runDir.resolve(".pipeline/envs"))) {
      return s.filter(Files::isDirectory).sorted().toList();
    }
  }

  @Test
  void builtOnceFromTheFile_reusedByLaterRuns_rebuiltWhenItChanges() throws Exception {
    RunSummary first = run("# no packages: the system site packages serve\n", "a.txt");
    assertEquals(ExitCode.OK, first.exitCode(), first.failures().toString());
    Path env = environments().get(0);
    assertEquals(env.toString(), Files.readString(tmp.resolve("a.txt")));
    assertTrue(Files.exists(env.resolve(".complete")));
    long built = Files.getLastModifiedTime(env.resolve(".complete")).toMillis();

    RunSummary second = run("# no packages: the system site packages serve\n", "b.txt");
    assertEquals(ExitCode.OK, second.exitCode(), second.failures().toString());
    assertEquals(env.toString(), Files.readString(tmp.resolve("b.txt")));
    assertEquals(built, Files.getLastModifiedTime(env.resolve(".complete")).toMillis());

    RunSummary changed = run("# another content, another environment\n", "c.txt");
    assertEquals(ExitCode.OK, changed.exitCode(), changed.failures().toString());
    assertEquals(2, environments().size());
    assertFalse(Files.readString(tmp.resolve("c.txt")).equals(env.toString()));
  }

  @Test
  void halfBuiltEnvironment_isRemovedAndBuiltAgain() throws Exception {
    Files.writeString(tmp.resolve("requirements.txt"), "\n");
    Path env = runDir.resolve(".pipeline/envs/venv-"
        + BuiltVenvSandbox.hash(tmp.resolve("requirements.txt")));
    Files.createDirectories(env.resolve("bin"));
    Files.writeString(env.resolve("bin/leftover"), "a build killed half-way");

    RunSummary summary = run("\n", "a.txt");

    assertEquals(ExitCode.OK, summary.exitCode(), summary.failures().toString());
    assertFalse(Files.exists(env.resolve("bin/leftover")));
    assertEquals(env.toString(), Files.readString(tmp.resolve("a.txt")));
  }

  @Test
  void failedBuild_failsTheTaskAndNeverCountsAsBuilt() throws Exception {
    RunSummary summary = run("./pipeline-no-such-project-dir\n", "a.txt");

    assertEquals(ExitCode.TASK_FAILED, summary.exitCode());
    String message = summary.failures().get(0).message();
    assertTrue(message.startsWith("building the environment failed: '"), message);
    assertFalse(Files.exists(environments().get(0).resolve(".complete")));
    assertFalse(Files.exists(tmp.resolve("a.txt")));
  }
}
