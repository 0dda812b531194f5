package dev.pipeline.engine.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.engine.event.RunSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every sandbox guarantees, run end to end through the scheduler with a cfg command: the
 * command runs inside, the run's variables reach it, its staged output is committed only after
 * it exited with 0 (the staging directory is inside a mount, so the rename stays atomic), the
 * output belongs to the user, and a failed command leaves nothing. Each kind extends this with
 * the real program where it runs here, else with the stand-in.
 */
abstract class SandboxContract {
  @TempDir Path tmp;

  /** The cfg lines of {@code [Probe]} that put its command in the sandbox under test. */
  abstract String sandboxLines(Path dir) throws Exception;

  /** A command (cfg syntax) that writes to {@code {output}} something only the inside knows. */
  abstract String probeCommand();

  /** What {@link #probeCommand()} writes when it runs inside. */
  abstract String expectedProbe(Path dir);

  /** Variables of the run (the engine's environment for its commands). */
  Map<String, String> runEnvironment(Path dir) {
    return Map.of();
  }

  RunSummary run(String command, Path out) throws Exception {
    String cfg = "[Probe]\ncommand = " + command + "\n" + sandboxLines(tmp);
    return SandboxRuns.run(tmp, cfg, SandboxRuns.options(Files.createDirectories(tmp.resolve("run")),
        runEnvironment(tmp)), out, 0);
  }

  Path out() throws IOException {
    return Files.createDirectories(tmp.resolve("out")).resolve("probe.txt");
  }

  @Test
  void commandRunsInsideTheSandbox() throws Exception {
    Path out = out();
    RunSummary summary = run(probeCommand(), out);

    assertEquals(ExitCode.OK, summary.exitCode(), summary.failures().toString());
    assertEquals(expectedProbe(tmp), Files.readString(out));
  }

  @Test
  void runVariablesReachTheCommand() throws Exception {
    Path out = out();
    RunSummary summary = run("sh -c 'printf %s \"$$PIPELINE_TASK_ID\" > \"$$1\"' _ {output}", out);

    assertEquals(ExitCode.OK, summary.exitCode(), summary.failures().toString());
    assertTrue(Files.readString(out).startsWith("Probe("), Files.readString(out));
  }

  @Test
  void outputIsCommittedAtomicallyAndBelongsToTheUser() throws Exception {
    Path out = out();
    RunSummary summary = run("sh -c 'echo done > \"$$1\"' _ {output}", out);

    assertEquals(ExitCode.OK, summary.exitCode(), summary.failures().toString());
    assertEquals("done\n", Files.readString(out));
    assertEquals(HostUser.current().uid(), Files.getAttribute(out, "unix:uid"));
    assertEquals(List.of(out), entries(out.getParent()), "no staging directory is left");
  }

  @Test
  void failedCommandCommitsNothing() throws Exception {
    Path out = out();
    RunSummary summary = run("sh -c 'echo partial > \"$$1\"; exit 3' _ {output}", out);

    assertEquals(ExitCode.TASK_FAILED, summary.exitCode());
    assertFalse(Files.exists(out));
    assertEquals(List.of(), entries(out.getParent()), "no staging directory is left");
  }

  private static List<Path> entries(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }
}
