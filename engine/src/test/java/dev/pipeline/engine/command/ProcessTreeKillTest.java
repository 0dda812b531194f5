package dev.pipeline.engine.command;

import static dev.pipeline.engine.command.CommandRuns.load;
import static dev.pipeline.engine.command.CommandRuns.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.engine.command.CommandRuns.Sh;
import dev.pipeline.engine.config.ConfiguredParameters;
import dev.pipeline.api.error.ExitCode;
import dev.pipeline.engine.event.RunSummary;
import dev.pipeline.engine.scheduler.Scheduler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Interrupting a run stops every process a command started, not just the one it started first. */
class ProcessTreeKillTest {
  @TempDir Path tmp;
  private List<Long> pids = List.of();

  @AfterEach
  void killLeftovers() {
    pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
  }

  @Test
  void interrupt_killsChildrenGrandchildrenAndReparentedProcesses() throws Exception {
    Path pidFile = tmp.resolve("pids");
    // The shell itself, a background child, one orphaned by its exiting subshell, another child.
    String script = "echo $$ >> \"$1\"; sleep 300 & echo $! >> \"$1\";"
        + " (sleep 300 & echo $! >> \"$1\"); sleep 300 & echo $! >> \"$1\"; wait";
    Sh task = new Sh().with(script, pidFile.toString(), tmp.resolve("never"));
    Scheduler scheduler = new Scheduler(options(Files.createDirectories(tmp.resolve("run"))));
    var source = new ConfiguredParameters(
        load(tmp, "[Sh]\ncommand = bash -c 's=$$1; shift; eval \"$$s\"' {output} {script} {text}\n"), Map.of());
    dev.pipeline.api.Task configured = CommandRuns.configured(task, source);
    CompletableFuture<RunSummary> run =
        CompletableFuture.supplyAsync(() -> scheduler.run(List.of(configured)));

    pids = awaitPids(pidFile, 4);
    pids.forEach(pid -> assertTrue(running(pid), "not started: " + pid));
    scheduler.interrupt();

    assertEquals(ExitCode.INTERRUPTED, run.get(20, TimeUnit.SECONDS).exitCode());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
    while (pids.stream().anyMatch(ProcessTreeKillTest::running) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(List.of(), pids.stream().filter(ProcessTreeKillTest::running).toList());
    assertTrue(Files.notExists(tmp.resolve("never")));
  }

  private static List<Long> awaitPids(Path file, int count) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (Files.exists(file)) {
        List<Long> pids = Files.readAllLines(file).stream().map(Long::parseLong).toList();
        if (pids.size() == count) {
          return pids;
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("the command did not start its processes: " + file);
  }

  /** Alive and not a zombie (a container's PID 1 may never reap re-parented processes). */
  static boolean running(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return false;
    }
  }
}
