package dev.pipeline.engine.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.engine.event.TaskState;
import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;
import dev.pipeline.engine.scheduler.RunOptions;
import dev.pipeline.api.targets.local.LocalFileTarget;
import dev.pipeline.engine.testing.Node;
import dev.pipeline.engine.testing.Recorder;
import dev.pipeline.engine.testing.TestRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What "complete" means, and that complete parts of a graph cost nothing. */
@Timeout(30)
class CompletenessTest {
  @TempDir Path dir;

  @Test
  void requirementsOfACompleteTask_areNeverAskedFor() throws Exception {
    String key = Recorder.newKey("pruned");
    Path out = Files.createDirectories(dir.resolve("out"));
    Files.writeString(out.resolve("done.txt"), "made earlier");
    Guarded complete = Guarded.of(key, out);
    Node root = Node.of(key, "root").out(out).requires(complete);

    TestRun run = TestRun.run(RunOptions.defaults(dir), root);

    assertEquals(ExitCode.OK, run.summary.exitCode(), run.summary.toString());
    assertEquals(0, Guarded.CALLS.get(key) == null ? 0 : Guarded.CALLS.get(key).get(),
        "requires() of a complete task was called");
    assertEquals(List.of(), run.states(complete), "complete at start: never scheduled");
    assertEquals(1, run.summary.count(TaskState.COMPLETE));
    assertEquals(TaskState.DONE, run.finalState(root));
  }

  @Test
  void incompleteTask_whoseRequirementsAreAllComplete_runs() throws Exception {
    // The everyday resume: the leaves exist, only the sink is missing.
    String key = Recorder.newKey("resume");
    Path out = Files.createDirectories(dir.resolve("out"));
    Node a = Node.of(key, "a").out(out);
    Node b = Node.of(key, "b").out(out);
    Node sink = Node.of(key, "sink").out(out).requires(a, b);
    Files.writeString(out.resolve("a.txt"), "a");
    Files.writeString(out.resolve("b.txt"), "b");

    TestRun run = TestRun.run(RunOptions.defaults(dir), sink);

    assertEquals(ExitCode.OK, run.summary.exitCode(), run.summary.toString());
    assertEquals(TaskState.DONE, run.finalState(sink));
    assertEquals(2, run.summary.count(TaskState.COMPLETE));
    assertEquals(0, Recorder.count(key, "a"));
    assertEquals(1, Recorder.count(key, "sink"));
  }

  @Test
  void someRequirementsComplete_othersRun_thenTheDependentRuns() throws Exception {
    String key = Recorder.newKey("partial");
    Path out = Files.createDirectories(dir.resolve("out"));
    Node a = Node.of(key, "a").out(out);
    Node b = Node.of(key, "b").out(out);
    Node sink = Node.of(key, "sink").out(out).requires(a, b);
    Files.writeString(out.resolve("a.txt"), "a");

    TestRun run = TestRun.run(RunOptions.defaults(dir).withWorkers(2), sink);

    assertEquals(ExitCode.OK, run.summary.exitCode(), run.summary.toString());
    assertEquals(List.of(), run.states(a), "complete at start: never scheduled");
    assertEquals(1, run.summary.count(TaskState.COMPLETE));
    assertEquals(0, Recorder.count(key, "a"));
    assertEquals(TaskState.DONE, run.finalState(b));
    assertEquals(TaskState.DONE, run.finalState(sink));
  }

  @Test
  void taskWithoutOutputs_isCompleteWhenItsRequirementsAre_andRunsOnlyWhenOneRan()
      throws Exception {
    String key = Recorder.newKey("wrapper");
    Path out = Files.createDirectories(dir.resolve("out"));
    Node a = Node.of(key, "a").out(out);
    Node b = Node.of(key, "b").out(out);
    Node wrapper = Node.of(key, "wrapper").requires(a, b); // no out: no outputs

    TestRun first = TestRun.run(RunOptions.defaults(dir), wrapper);
    assertEquals(ExitCode.OK, first.summary.exitCode());
    assertEquals(1, Recorder.count(key, "wrapper"), "a requirement ran, so the wrapper runs");
    assertEquals(TaskState.DONE, first.finalState(wrapper));

    TestRun second = TestRun.run(RunOptions.defaults(dir), wrapper);
    assertEquals(ExitCode.OK, second.summary.exitCode(), second.summary.toString());
    assertEquals(1, Recorder.count(key, "wrapper"), "nothing below it ran: run() is not called");
    // Complete before the run: announced among the already complete tasks, like a or b, with no
    // event of its own (it used to be announced as to run and then reported complete).
    assertEquals(List.of(), second.states(wrapper));
    assertEquals(3, second.summary.count(TaskState.COMPLETE));
    assertEquals(List.of(), second.events(TaskState.RUNNING));

    Files.delete(out.resolve("b.txt"));
    TestRun third = TestRun.run(RunOptions.defaults(dir), wrapper);
    assertEquals(ExitCode.OK, third.summary.exitCode(), third.summary.toString());
    assertEquals(2, Recorder.count(key, "b"));
    assertEquals(1, Recorder.count(key, "a"));
    assertEquals(2, Recorder.count(key, "wrapper"), "b ran again, so the wrapper runs again");
  }

  @Test
  void completeRoot_runsNothing() throws Exception {
    String key = Recorder.newKey("root");
    Path out = Files.createDirectories(dir.resolve("out"));
    Files.writeString(out.resolve("root.txt"), "x");
    Node root = Node.of(key, "root").out(out).requires(Guarded.of(key, out));

    TestRun run = TestRun.run(RunOptions.defaults(dir), root);

    assertEquals(ExitCode.OK, run.summary.exitCode());
    assertEquals(1, run.summary.count(TaskState.COMPLETE));
    assertEquals(0, Recorder.count(key, "root"));
  }

  @Test
  void bulkCompletenessCheck_matchesPerTaskChecks() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    String key = Recorder.newKey("bulk");
    List<Task> tasks = new java.util.ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Node n = Node.of(key, "t" + i).out(out);
      if (i % 3 == 0) {
        Files.writeString(out.resolve("t" + i + ".txt"), "x");
      }
      tasks.add(n);
    }
    tasks.add(Node.of(key, "no-outputs"));
    boolean[] bulk = CompletenessChecker.check(tasks);
    for (int i = 0; i < tasks.size(); i++) {
      assertEquals(CompletenessChecker.isComplete(tasks.get(i)), bulk[i], tasks.get(i).toString());
    }
    assertTrue(bulk[0]);
    assertEquals(false, bulk[tasks.size() - 1], "a task without outputs is never complete by itself");
  }

  /** Complete when out/done.txt exists; asking for its requirements is recorded. */
  @Family("Guarded")
  public static class Guarded extends Task {
    static final java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> CALLS =
        new java.util.concurrent.ConcurrentHashMap<>();
    @Param public String key;
    @Param(significant = false) public Path out;

    static Guarded of(String key, Path out) {
      Guarded g = new Guarded();
      g.key = key;
      g.out = out;
      return g;
    }

    @Override
    public Object requires() {
      CALLS.computeIfAbsent(key, k -> new java.util.concurrent.atomic.AtomicInteger())
          .incrementAndGet();
      throw new IllegalStateException("requires() of a complete task must not be called");
    }

    @Override
    public Object output() {
      return new LocalFileTarget(out.resolve("done.txt"));
    }

    @Override
    public void run(TaskContext context) {
      throw new IllegalStateException("must not run");
    }
  }
}
