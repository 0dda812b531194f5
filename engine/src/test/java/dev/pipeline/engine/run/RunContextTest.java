package dev.pipeline.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pipeline.api.Param;
import dev.pipeline.engine.config.ParameterSource;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.error.ExitCode;
import dev.pipeline.api.targets.FileTarget;
import dev.pipeline.api.targets.local.LocalFileTarget;
import dev.pipeline.engine.event.RunSummary;
import dev.pipeline.engine.launch.RunOptionsBuilder;
import dev.pipeline.engine.launch.RunSetup;
import dev.pipeline.engine.model.TaskRegistry;
import dev.pipeline.engine.scheduler.Scheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runs in one process, each with its own cfg: every setting a run reads comes from its own
 * context, and requirements built while the other run is going are configured by their own run.
 */
class RunContextTest {
  @TempDir Path dir;

  /** Waits for the other run to be under way too, so the two really overlap. */
  static final Map<Integer, CountDownLatch> BOTH_RUNNING = new java.util.concurrent.ConcurrentHashMap<>();

  public static class Leaf extends Task {
    @Param Path out;
    @Param int n = 0;
    @Param int rendezvous = 0;

    @Override
    public Object output() {
      return LocalFileTarget.of(out.resolve("leaf.txt"));
    }

    @Override
    public void run(TaskContext context) throws Exception {
      CountDownLatch both = BOTH_RUNNING.get(rendezvous);
      if (both != null) {
        both.countDown();
        both.await(20, TimeUnit.SECONDS);
      }
      ((FileTarget) outputTarget()).writeString(Integer.toString(n));
    }
  }

  public static class Root extends Task {
    @Param Path out;

    @Override
    public Object requires() {
      return req(Leaf.class); // built during the run, by the scheduler's threads
    }

    @Override
    public Object output() {
      return LocalFileTarget.of(out.resolve("root.txt"));
    }

    @Override
    public void run(TaskContext context) throws Exception {
      String leaf = ((FileTarget) requirements().get(0).outputTarget()).readString();
      ((FileTarget) outputTarget()).writeString(leaf);
    }
  }

  private final TaskRegistry registry = new TaskRegistry().register(Root.class).register(Leaf.class);

  private RunSetup prepare(String name, String cfg) throws Exception {
    Path file = Files.writeString(dir.resolve(name + ".cfg"), cfg);
    return RunSetup.prepare(registry, "Root", List.of("--out", dir.resolve(name).toString()), file,
        Map.of());
  }

  @Test
  void requirementsAreConfiguredByTheRunTheirTaskWasCreatedIn() throws Exception {
    RunSetup a = prepare("a", "[Leaf]\nn = 1\n");
    RunSetup b = prepare("b", "[Leaf]\nn = 2\n");
    assertEquals(1, ((Leaf) a.root().requirements().get(0)).n);
    assertEquals(2, ((Leaf) b.root().requirements().get(0)).n);
    assertEquals(a.parameters(), ParameterSource.of(a.root().requirements().get(0)));
  }

  @Test
  void twoConcurrentRunsWithDifferentConfigurationsDoNotAffectEachOther() throws Exception {
    BOTH_RUNNING.put(7, new CountDownLatch(2));
    RunSetup a = prepare("a", "[core]\nworkers = 1\nretries = 0\n[Leaf]\nn = 1\nrendezvous = 7\n");
    RunSetup b = prepare("b", "[core]\nworkers = 3\nretries = 2\n[Leaf]\nn = 2\nrendezvous = 7\n");
    CompletableFuture<RunSummary> runA = CompletableFuture.supplyAsync(() -> run(a, "a"));
    CompletableFuture<RunSummary> runB = CompletableFuture.supplyAsync(() -> run(b, "b"));
    assertEquals(ExitCode.OK, runA.get(60, TimeUnit.SECONDS).exitCode());
    assertEquals(ExitCode.OK, runB.get(60, TimeUnit.SECONDS).exitCode());
    assertEquals("1", Files.readString(dir.resolve("a/root.txt")));
    assertEquals("2", Files.readString(dir.resolve("b/root.txt")));
    assertEquals(1, new RunOptionsBuilder(a).workers(null).build().workers());
    assertEquals(3, new RunOptionsBuilder(b).workers(null).build().workers());
  }

  private RunSummary run(RunSetup setup, String name) {
    var options = new RunOptionsBuilder(setup).workers(null).retries(null, null)
        .runDirectory(dir.resolve(name + "-run")).journal(false).build();
    return new Scheduler(options.withCaptureOutput(false)).run(List.of(setup.root()));
  }
}
