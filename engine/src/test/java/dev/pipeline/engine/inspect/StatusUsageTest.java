package dev.pipeline.engine.inspect;

import static dev.pipeline.engine.inspect.Fixtures.journal;
import static dev.pipeline.engine.inspect.Fixtures.relative;
import static dev.pipeline.engine.inspect.Fixtures.runStarted;
import static dev.pipeline.engine.inspect.Fixtures.touch;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pipeline.api.Task;
import dev.pipeline.engine.journal.JournalRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code status --usage}: each task's recorded CPU time and memory, per group and in total. */
class StatusUsageTest {
  @TempDir Path dir;

  private String status(Task root, boolean usage) {
    StringWriter text = new StringWriter();
    StatusPrinter.print(TreeWalker.walk(root, DependencyTree.ALL, RunHistory.load(dir)),
        new PrintWriter(text), usage);
    return relative(text.toString(), dir);
  }

  private static JournalRecord ended(Task task, String state, Double cpu, Long rssKb, Long bytes) {
    return new JournalRecord("task", "r1", Instant.now().toString(), task.id().canonical(),
        task.id().family(), state, 1, null, null, "FAILED".equals(state) ? "boom" : null, null,
        null, null, null, null, null, null, null, null, null, cpu, rssKb, bytes, null, null, null);
  }

  @Test
  void perTaskFiguresAndTotals_onlyWhenAskedFor() {
    Node root = Node.root(dir, "edges=root>a", "edges=root>b", "edges=root>c");
    Node a = Node.graph("a", dir, root.edges.stream().map(e -> "edges=" + e).toArray(String[]::new));
    Node b = Node.graph("b", dir, root.edges.stream().map(e -> "edges=" + e).toArray(String[]::new));
    touch(dir, "a");
    journal(dir, runStarted("r1", Fixtures.deadPid()),
        ended(a, "DONE", 0.314, 59_236L, null),
        ended(b, "FAILED", 1.5, null, 52_428_800L));

    assertEquals("""
        Node(name=root, out=$OUT): upstream-failed
        |-- Node(name=a, out=$OUT): complete [cpu 0.31 s, peak RSS 57.8 MiB]
        |-- Node(name=b, out=$OUT): failed: boom [cpu 1.50 s, allocated 50.0 MiB]
        `-- Node(name=c, out=$OUT): incomplete
        4 tasks: 1 complete, 1 incomplete, 1 failed, 1 upstream-failed; cpu 1.81 s in 2 tasks, \
        largest peak RSS 57.8 MiB
        """, status(root, true));
    assertEquals("""
        Node(name=root, out=$OUT): upstream-failed
        |-- Node(name=a, out=$OUT): complete
        |-- Node(name=b, out=$OUT): failed: boom
        `-- Node(name=c, out=$OUT): incomplete
        4 tasks: 1 complete, 1 incomplete, 1 failed, 1 upstream-failed
        """, status(root, false));
  }

  @Test
  void collapsedFamily_addsUpItsMembers() {
    List<String> edges = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      edges.add("edges=root>leaf-" + i);
    }
    Node root = Node.root(dir, edges.toArray(String[]::new));
    List<JournalRecord> records = new ArrayList<>();
    records.add(runStarted("r1", Fixtures.deadPid()));
    for (int i = 0; i < 12; i++) {
      touch(dir, "leaf-" + i);
      Node leaf = Node.graph("leaf-" + i, dir, edges.toArray(String[]::new));
      records.add(ended(leaf, "DONE", 0.25, 1024L * (i + 1), null));
    }
    journal(dir, records.toArray(JournalRecord[]::new));

    assertEquals("""
        Node(name=root, out=$OUT): incomplete
        `-- Node x 12: 12 complete; cpu 3.00 s in 12 tasks, largest peak RSS 12.0 MiB
        13 tasks: 12 complete, 1 incomplete; cpu 3.00 s in 12 tasks, largest peak RSS 12.0 MiB
        """, status(root, true));
  }
}
