package dev.pipeline.engine.inspect;

import static dev.pipeline.engine.inspect.Fixtures.relative;
import static dev.pipeline.engine.inspect.Fixtures.touch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.api.error.PipelineException;
import dev.pipeline.api.error.UsageException;
import dev.pipeline.engine.journal.JournalRecord;
import dev.pipeline.api.Task;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pipeline remove-output}: exactly the tree's outputs, to the depth, and only when safe. */
class OutputRemovalTest {
  @TempDir Path dir;

  private final StringWriter text = new StringWriter();

  /** root -> a -> b, root -> c; every output exists, plus files that are no task's output. */
  private Node prepare() throws IOException {
    touch(dir, "root", "a", "b", "c", "notes");
    Files.writeString(dir.resolve(".a.txt.tmp-1-1"), "staging");
    return Node.root(dir, "edges=root>a", "edges=a>b", "edges=root>c");
  }

  private ExitCode remove(Task root, int depth, boolean dryRun, boolean yes, Confirmation c) {
    return OutputRemoval.run(root, dir, new OutputRemoval.Request(depth, dryRun, yes), c,
        new PrintWriter(text, true));
  }

  private List<String> files() throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> all = Files.list(dir)) {
      all.filter(p -> !p.getFileName().toString().equals(".pipeline"))
          .forEach(p -> names.add(p.getFileName().toString()));
    }
    names.sort(null);
    return names;
  }

  @Test
  void depthZero_removesTheTasksOutputOnly() throws IOException {
    Node root = prepare();
    assertEquals(ExitCode.OK, remove(root, 0, false, true, Confirmation.NOT_A_TERMINAL));
    assertEquals(List.of(".a.txt.tmp-1-1", "a.txt", "b.txt", "c.txt", "notes.txt"), files());
    assertEquals("""
        Node(name=root, out=$OUT)
          removed $OUT/root.txt
        Removed 1 output of 1 task.
        """, relative(text.toString(), dir));
  }

  @Test
  void depthOne_removesRequirementsToo_dependentsFirst_nothingElse() throws IOException {
    Node root = prepare();
    assertEquals(ExitCode.OK, remove(root, 1, false, true, Confirmation.NOT_A_TERMINAL));
    assertEquals(List.of(".a.txt.tmp-1-1", "b.txt", "notes.txt"), files());
    assertEquals("""
        Node(name=root, out=$OUT)
          removed $OUT/root.txt
        Node(name=a, out=$OUT)
          removed $OUT/a.txt
        Node(name=c, out=$OUT)
          removed $OUT/c.txt
        Removed 3 outputs of 3 tasks.
        """, relative(text.toString(), dir));
  }

  @Test
  void allDepths_removeEveryOutput_butNotTheDirectory() throws IOException {
    Node root = prepare();
    remove(root, DependencyTree.ALL, false, true, Confirmation.NOT_A_TERMINAL);
    assertEquals(List.of(".a.txt.tmp-1-1", "notes.txt"), files());
    assertTrue(Files.isDirectory(dir));
  }

  @Test
  void directoryOutput_isRemovedWithItsContents_parentKept() throws IOException {
    Node root = Node.root(dir, "edges=root>d", "dirs=d");
    Files.createDirectories(dir.resolve("d/sub"));
    Files.writeString(dir.resolve("d/sub/x"), "x");
    touch(dir, "notes");
    remove(root, 1, false, true, Confirmation.NOT_A_TERMINAL);
    assertEquals(List.of("notes.txt"), files());
    assertTrue(text.toString().contains("  removed " + dir.resolve("d") + "/\n"), text.toString());
  }

  @Test
  void dryRun_listsAndRemovesNothing() throws IOException {
    Node root = prepare();
    List<String> before = files();
    assertEquals(ExitCode.OK, remove(root, 1, true, false, Confirmation.NOT_A_TERMINAL));
    assertEquals(before, files());
    assertEquals("""
        Node(name=root, out=$OUT)
          would remove $OUT/root.txt
        Node(name=a, out=$OUT)
          would remove $OUT/a.txt
        Node(name=c, out=$OUT)
          would remove $OUT/c.txt
        Dry run: would remove 3 outputs of 3 tasks (3 tasks within depth 1); nothing was removed.
        """, relative(text.toString(), dir));
  }

  @Test
  void notATerminal_withoutYes_refusesAndRemovesNothing() throws IOException {
    Node root = prepare();
    List<String> before = files();
    UsageException e = assertThrows(UsageException.class,
        () -> remove(root, 1, false, false, Confirmation.NOT_A_TERMINAL));
    assertEquals("remove-output would remove 3 outputs of 3 tasks and there is no terminal to"
        + " confirm on; pass --yes to remove them (or --dry-run to list them)", e.getMessage());
    assertEquals(before, files());
  }

  @Test
  void terminal_removesOnlyAfterYes() throws IOException {
    Node root = prepare();
    List<String> asked = new ArrayList<>();
    assertEquals(ExitCode.OK, remove(root, 0, false, false, answering(false, asked)));
    assertTrue(Files.exists(dir.resolve("root.txt")));
    assertTrue(text.toString().endsWith("Nothing removed.\n"), text.toString());
    remove(root, 0, false, false, answering(true, asked));
    assertFalse(Files.exists(dir.resolve("root.txt")));
    assertEquals(List.of("Remove 1 output of 1 task? [y/N] ", "Remove 1 output of 1 task? [y/N] "),
        asked);
  }

  @Test
  void nothingThere_saysSo() {
    Node root = Node.root(dir, "edges=root>a");
    assertEquals(ExitCode.OK, remove(root, 1, false, false, Confirmation.NOT_A_TERMINAL));
    assertEquals("Nothing to remove: no output of the 2 tasks within depth 1 exists.\n",
        text.toString());
  }

  @Test
  void taskRunningInAnotherProcess_refusesAndRemovesNothing() throws Exception {
    Node root = prepare();
    Task a = Node.graph("a", dir);
    List<String> before = files();
    Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx32m",
        "-cp", System.getProperty("java.class.path"), HoldClaim.class.getName(),
        dir.resolve(".pipeline").toString(), a.id().family(), a.id().canonical())
        .redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(
          new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("held", out.readLine());
      PipelineException e = assertThrows(PipelineException.class,
          () -> remove(root, 1, false, true, Confirmation.NOT_A_TERMINAL));
      assertEquals(ExitCode.USAGE, e.exitCode());
      assertEquals("remove-output: " + a + " is being run by another pipeline process on this run"
          + " directory; nothing was removed; wait for that run to end (or stop it) and try again",
          e.getMessage());
      assertEquals(before, files());
      // Below the depth, the claim does not matter.
      assertEquals(ExitCode.OK, remove(root, 0, false, true, Confirmation.NOT_A_TERMINAL));
    } finally {
      holder.getOutputStream().close();
      holder.waitFor();
    }
    assertFalse(Files.exists(dir.resolve("root.txt")));
  }

  @Test
  void runActiveOnTheRunDirectory_refusesAndRemovesNothing() throws IOException {
    Node root = prepare();
    List<String> before = files();
    long live = ProcessHandle.current().pid();
    JournalRecord started = Fixtures.runStarted("live", live);
    Fixtures.journal(dir, started);
    PipelineException e = assertThrows(PipelineException.class,
        () -> remove(root, 0, false, true, Confirmation.NOT_A_TERMINAL));
    assertEquals(ExitCode.USAGE, e.exitCode());
    assertEquals("remove-output: a pipeline run is active on this run directory (pid " + live
        + ", started " + started.time() + "); nothing was removed; wait for it to end (or stop"
        + " it) and try again", e.getMessage());
    assertEquals(before, files());
    // Once it has finished (or its process is gone), removal goes ahead.
    Fixtures.journal(dir, started, Fixtures.runFinished("live"),
        Fixtures.runStarted("dead", Fixtures.deadPid()));
    assertEquals(ExitCode.OK, remove(root, 0, false, true, Confirmation.NOT_A_TERMINAL));
    assertFalse(Files.exists(dir.resolve("root.txt")));
  }

  private static Confirmation answering(boolean answer, List<String> asked) {
    return new Confirmation() {
      @Override
      public boolean available() {
        return true;
      }

      @Override
      public boolean confirm(String question) {
        asked.add(question);
        return answer;
      }
    };
  }
}
