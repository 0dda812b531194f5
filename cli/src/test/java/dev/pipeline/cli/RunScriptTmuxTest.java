package dev.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pipeline.engine.scaffold.PipelineHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run.sh --tmux} under a real tmux server. The server is private to the test (its socket
 * lives in TMUX_TMPDIR under the test's directory) and is killed afterwards.
 */
class RunScriptTmuxTest {
  @TempDir Path tmp;
  private Map<String, String> tmuxEnv;

  @BeforeEach
  void privateTmuxServer() throws IOException {
    assumeTrue(Shell.installed("tmux"), "tmux is not installed");
    tmuxEnv = Map.of("TMUX_TMPDIR", Files.createDirectories(tmp.resolve("tmux")).toString());
  }

  @AfterEach
  void killTmuxServer() {
    if (tmuxEnv != null) {
      Shell.run(tmp, tmuxEnv, "tmux", "kill-server");
    }
    System.clearProperty(PipelineHome.PROPERTY);
  }

  private boolean sessionExists(String name) {
    return Shell.run(tmp, tmuxEnv, "tmux", "has-session", "-t", "=" + name).exitCode() == 0;
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void tmux_runsDetachedOnceAndLogs() throws IOException {
    // A server that is already running when run.sh starts its session: the session gets the
    // server's environment, so run.sh must carry PIPELINE_TARGET (and the rest) over itself.
    assertEquals(0, Shell.run(tmp, tmuxEnv, "tmux", "new-session", "-d", "-s", "other", "sleep 300")
        .exitCode());

    Path gate = tmp.resolve("gate");
    Path home = Shell.pipelineHome(tmp.resolve("home"), gate);
    System.setProperty(PipelineHome.PROPERTY, home.toString());
    Path run = tmp.resolve("my.run");
    InitCommandTest.Cli init = InitCommandTest.pipeline("init", "sandbox", "-d", run.toString());
    assertEquals(0, init.exitCode(), init.err());
    Files.writeString(run.resolve("base.cfg"), "[core]\nworkers = 2\n");
    Files.writeString(run.resolve("sandbox.cfg"),
        "[core]\ninherit = base.cfg\n\n[Fan]\nout = ${PIPELINE_RESULTS_DIR}/fan\n");
    Path scratch = Files.createDirectories(tmp.resolve("scratch"));
    Map<String, String> env = new HashMap<>(tmuxEnv);
    env.putAll(Map.of("PIPELINE_TARGET", "Fan", "PIPELINE_NVIDIA_SMI", "false",
        "TMPDIR", scratch.toString()));
    String[] command = {"bash", run.resolve("run.sh").toString(), "--tmux", "--n", "20"};

    Shell.Result first = Shell.run(tmp, env, command);
    assertEquals(0, first.exitCode(), first.stderr());
    assertEquals("started in tmux session my_run; output also goes to " + run.resolve("run.log")
        + "\nattach with: tmux attach -t my_run\n", first.stdout());
    assertTrue(sessionExists("my_run"));

    // The launcher waits for the gate, so the first run is still going.
    Shell.Result second = Shell.run(tmp, env, command);
    assertEquals(75, second.exitCode());
    assertEquals("already running in tmux session my_run; attach with: tmux attach -t my_run\n",
        second.stderr());

    Files.createFile(gate);
    Shell.await("the run to finish", () -> read(run.resolve("run.log")).contains("Everything requested"));
    Shell.await("the session to end", () -> !sessionExists("my_run"));
    String log = read(run.resolve("run.log"));
    assertTrue(log.contains("no GPU found; running on CPU\n21 task(s): 0 already complete, 21 to run\n"),
        log);
    assertTrue(log.contains("done   bench.Fan(n=20, out=" + run + "/results/fan) (21/21)\nSummary: 21 done"), log);
    assertFalse(log.contains("\r") || log.contains("\033"), "the bar stays on the terminal: " + log);
    assertEquals("20\n", read(run.resolve("results/fan/all.txt")));
    try (Stream<Path> left = Files.list(scratch)) {
      assertEquals(0, left.count(), "the environment file is removed");
    }
  }
}
