package dev.pipeline.engine.inspect;

import static dev.pipeline.engine.inspect.Fixtures.journal;
import static dev.pipeline.engine.inspect.Fixtures.relative;
import static dev.pipeline.engine.inspect.Fixtures.runFinished;
import static dev.pipeline.engine.inspect.Fixtures.runStarted;
import static dev.pipeline.engine.inspect.Fixtures.task;
import static dev.pipeline.engine.inspect.Fixtures.touch;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pipeline.engine.journal.HostName;
import dev.pipeline.engine.journal.JournalRecord;
import dev.pipeline.api.Task;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tree walk, the states, collapsing and printing of {@code pipeline status}. */
class StatusTest {
  @TempDir Path dir;

  private String status(Task root, int depth) {
    return relative(Fixtures.status(TreeWalker.walk(root, depth, RunHistory.load(dir))), dir);
  }

  private Node node(Node root, String name) {
    return Node.graph(name, dir, root.edges.stream().map(e -> "edges=" + e).toArray(String[]::new));
  }

  @Test
  void walk_statesFromTargets_sharedRequirementShownOnce() {
    Node root = Node.root(dir, "edges=root>a", "edges=root>b", "edges=a>c", "edges=b>c");
    touch(dir, "b", "c");
    assertEquals("""
        Node(name=root, out=$OUT): incomplete
        |-- Node(name=a, out=$OUT): incomplete
        |   `-- Node(name=c, out=$OUT): complete
        `-- Node(name=b, out=$OUT): complete
            `-- Node(name=c, out=$OUT): complete (see above)
        4 tasks: 2 complete, 2 incomplete
        """, status(root, DependencyTree.ALL));
  }

  @Test
  void walk_completeRoot_stillShowsIncompleteRequirementsBelowIt() {
    Node root = Node.root(dir, "edges=root>a");
    touch(dir, "root");
    assertEquals("""
        Node(name=root, out=$OUT): complete
        `-- Node(name=a, out=$OUT): incomplete
        2 tasks: 1 complete, 1 incomplete
        """, status(root, DependencyTree.ALL));
  }

  @Test
  void wrapper_isCompleteExactlyWhenItsRequirementsAre() {
    Node root = Node.root(dir, "edges=root>w", "edges=w>x", "wrappers=w");
    assertEquals("""
        Node(name=root, out=$OUT): incomplete
        `-- Node(name=w, out=$OUT): incomplete
            `-- Node(name=x, out=$OUT): incomplete
        3 tasks: 3 incomplete
        """, status(root, DependencyTree.ALL));
    touch(dir, "x");
    assertEquals("""
        Node(name=root, out=$OUT): incomplete
        `-- Node(name=w, out=$OUT): complete
            `-- Node(name=x, out=$OUT): complete
        3 tasks: 2 complete, 1 incomplete
        """, status(root, DependencyTree.ALL));
  }

  @Test
  void journal_failedRunningAndInterrupted() {
    Node root = Node.root(dir, "edges=root>a", "edges=root>b", "edges=root>c");
    long live = ProcessHandle.current().pid();
    journal(dir,
        runStarted("dead", Fixtures.deadPid()),
        task("dead", node(root, "a"), "RUNNING", null, null),
        task("dead", node(root, "a"), "FAILED", "boom\nat line 2", "/logs/a.log"),
        task("dead", node(root, "b"), "RUNNING", null, "/logs/b.log"),
        runStarted("live", live),
        task("live", node(root, "c"), "RUNNING", null, null));
    assertEquals("""
        Node(name=root, out=$OUT): upstream-failed
        |-- Node(name=a, out=$OUT): failed: boom ... (log: /logs/a.log)
        |-- Node(name=b, out=$OUT): incomplete (last run interrupted)
        `-- Node(name=c, out=$OUT): running (pid %d)
        4 tasks: 1 running, 1 incomplete, 1 failed, 1 upstream-failed
        """.formatted(live), status(root, DependencyTree.ALL));
  }

  @Test
  void journal_finishedRunOrReusedPid_isNotRunning() {
    Node root = Node.root(dir, "edges=root>a", "edges=root>b");
    long live = ProcessHandle.current().pid();
    JournalRecord longAgo = new JournalRecord("run_started", "old", "2001-01-01T00:00:00Z", null,
        null, null, null, null, null, null, null, null, HostName.current(), live, null, null,
        null, null, null, null, null, null);
    journal(dir,
        runStarted("done", live),
        task("done", node(root, "a"), "RUNNING", null, null),
        runFinished("done"),
        longAgo,
        task("old", node(root, "b"), "RUNNING", null, null));
    assertEquals("""
        Node(name=root, out=$OUT): incomplete
        |-- Node(name=a, out=$OUT): incomplete (last run interrupted)
        `-- Node(name=b, out=$OUT): incomplete (last run interrupted)
        3 tasks: 3 incomplete
        """, status(root, DependencyTree.ALL));
  }

  @Test
  void journal_failedTaskWhoseOutputsNowExist_isComplete() {
    Node root = Node.root(dir, "edges=root>a");
    journal(dir, runStarted("r", Fixtures.deadPid()),
        task("r", node(root, "a"), "FAILED", "boom", null));
    touch(dir, "a");
    assertEquals("""
        Node(name=root, out=$OUT): incomplete
        `-- Node(name=a, out=$OUT): complete
        2 tasks: 1 complete, 1 incomplete
        """, status(root, DependencyTree.ALL));
  }

  @Test
  void fanout_moreThanTenOfAFamily_isOneLineWithCounts() {
    Node root = Node.root(dir, "edges=root>a", "fans=root>12");
    touch(dir, "leaf-0", "leaf-1", "leaf-2", "leaf-3", "leaf-4", "leaf-5", "leaf-6", "leaf-7",
        "leaf-8", "leaf-9");
    Leaf ten = Task.create(Leaf.class, "i", 10, "out", dir);
    journal(dir, runStarted("r", Fixtures.deadPid()), task("r", ten, "FAILED", "boom", null));
    assertEquals("""
        Node(name=root, out=$OUT): upstream-failed
        |-- Node(name=a, out=$OUT): incomplete
        `-- Leaf x 12: 10 complete, 1 incomplete, 1 failed
        14 tasks: 10 complete, 2 incomplete, 1 failed, 1 upstream-failed
        """, status(root, DependencyTree.ALL));
  }

  @Test
  void fanout_tenOfAFamily_areListed() {
    Node root = Node.root(dir, "fans=root>10");
    String out = status(root, DependencyTree.ALL);
    assertEquals(12, out.lines().count(), out);
    assertEquals("`-- Leaf(i=9, out=$OUT): incomplete", out.lines().skip(10).findFirst().get());
  }

  @Test
  void depth_limitsWhatIsShown_notTheStatesBelow() {
    Node root = Node.root(dir, "edges=root>a", "edges=a>b", "edges=b>c");
    journal(dir, runStarted("r", Fixtures.deadPid()),
        task("r", node(root, "c"), "FAILED", "boom", null));
    assertEquals("""
        Node(name=root, out=$OUT): upstream-failed
        `-- Node(name=a, out=$OUT): upstream-failed
        2 tasks within depth 1: 2 upstream-failed
        """, status(root, 1));
    assertEquals("""
        Node(name=root, out=$OUT): upstream-failed
        1 task within depth 0: 1 upstream-failed
        """, status(root, 0));
  }

  @Test
  void depth_completeTasksBelowTheDepth_areNotWalked() {
    Node root = Node.root(dir, "edges=root>a", "edges=a>b");
    touch(dir, "a");
    DependencyTree tree = TreeWalker.walk(root, 1, RunHistory.none());
    assertEquals(2, tree.nodes().size());
  }

  @Test
  void dynamic_requirementsAppearOnceStaticOnesAreComplete() {
    Node root = Node.root(dir, "edges=root>a", "dynamic=root>d");
    assertEquals("""
        Node(name=root, out=$OUT): incomplete
        `-- Node(name=a, out=$OUT): incomplete
        2 tasks: 2 incomplete
        """, status(root, DependencyTree.ALL));
    touch(dir, "a");
    assertEquals("""
        Node(name=root, out=$OUT): incomplete
        |-- Node(name=a, out=$OUT): complete
        `-- Node(name=d, out=$OUT): incomplete
        3 tasks: 1 complete, 2 incomplete
        """, status(root, DependencyTree.ALL));
  }

  @Test
  void dynamic_ofATaskWithoutStaticRequirements_isWalkedFurther() {
    Node root = Node.root(dir, "dynamic=root>d", "dynamic=d>e", "edges=e>f");
    touch(dir, "e", "f");
    assertEquals("""
        Node(name=root, out=$OUT): incomplete
        `-- Node(name=d, out=$OUT): incomplete
            `-- Node(name=e, out=$OUT): complete
                `-- Node(name=f, out=$OUT): complete
        4 tasks: 2 complete, 2 incomplete
        """, status(root, DependencyTree.ALL));
  }

  @Test
  void cycle_endsTheWalk() {
    Node root = Node.root(dir, "edges=root>a", "edges=a>root");
    assertEquals("""
        Node(name=root, out=$OUT): incomplete
        `-- Node(name=a, out=$OUT): incomplete
            `-- Node(name=root, out=$OUT): incomplete (see above)
        2 tasks: 2 incomplete
        """, status(root, DependencyTree.ALL));
  }

  @Test
  void walk_asksTargetsOncePerLevel() {
    Counted.STORE.calls.set(0);
    TreeWalker.walk(Task.create(Counted.class, "level", 3, "width", 50), DependencyTree.ALL,
        RunHistory.none());
    assertEquals(4, Counted.STORE.calls.get(), "levels 3, 2, 1 and 0");
  }
}
