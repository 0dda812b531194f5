package dev.pipeline.api.targets.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.api.targets.DirectoryTarget;
import dev.pipeline.api.targets.FileTarget;
import dev.pipeline.api.targets.Staged;
import dev.pipeline.api.targets.Target;
import dev.pipeline.api.targets.TargetContractTest;
import dev.pipeline.engine.testing.Processes;
import dev.pipeline.engine.testing.SlowWriterMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The target contract on the local file system, plus what only a local file system can show. */
class LocalFileTargetTest extends TargetContractTest {
  @TempDir Path dir;

  @Override
  protected FileTarget newFileTarget(String name) {
    return LocalFileTarget.of(dir.resolve(name));
  }

  @Override
  protected DirectoryTarget newDirectoryTarget(String name) {
    return LocalDirectoryTarget.of(dir.resolve(name));
  }

  @Override
  protected Map<String, String> readDirectory(DirectoryTarget target) throws IOException {
    Path root = ((LocalDirectoryTarget) target).path();
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        out.put(root.relativize(p).toString(), Files.readString(p));
      }
    }
    return out;
  }

  @Override
  protected List<String> listContainer() throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writerProcessKilledMidWrite_leavesOnlyAHiddenTempSibling(@TempDir Path logs)
      throws Exception {
    Path out = dir.resolve("result.bin");
    Path log = logs.resolve("slow-writer.log");
    Process writer = Processes.startJava(SlowWriterMain.class, log, List.of("file", out.toString()));
    try {
      assertTrue(Processes.await(Duration.ofSeconds(20), () -> stagingBytes("result.bin") > 4096),
          "the writer never started writing: " + read(log));
      writer.destroyForcibly(); // SIGKILL: no finally block, no shutdown hook runs
      writer.waitFor();
      assertEquals(137, writer.exitValue());
    } finally {
      writer.destroyForcibly();
    }
    assertFalse(Files.exists(out));
    assertFalse(LocalFileTarget.of(out).exists());
    assertFalse(LocalStore.INSTANCE.exists(List.of(LocalFileTarget.of(out)))[0]);
    List<String> left = listContainer();
    assertEquals(1, left.size(), left.toString());
    assertTrue(left.get(0).matches("\\.result\\.bin\\.tmp-" + writer.pid() + "-\\d+"), left.get(0));
    // The leftover does not get in the way of the next writer, which removes it.
    LocalFileTarget.of(out).writeString("done");
    assertEquals("done", Files.readString(out));
    assertEquals(List.of("result.bin"), listContainer());
  }

  @Test
  void theNextWriterOfAnOutput_removesWhatUnfinishedWritersOfThatOutputLeft() throws IOException {
    Path sub = Files.createDirectories(dir.resolve("models"));
    Files.writeString(sub.resolve(".model.bin.tmp-4242-7"), "half a model");
    Path holder = Files.createDirectories(sub.resolve(".model.bin.tmp-4242-8.d")); // a command's
    Files.writeString(holder.resolve("model.bin"), "half a model");
    Files.writeString(sub.resolve(".other.bin.tmp-4242-9"), "another output's writer");
    Files.writeString(sub.resolve(".model.bin.tmp-notes"), "not a staging name");
    LocalFileTarget.of(sub.resolve("model.bin")).writeString("whole model");
    try (Stream<Path> list = Files.list(sub)) {
      assertEquals(List.of(".model.bin.tmp-notes", ".other.bin.tmp-4242-9", "model.bin"),
          list.map(p -> p.getFileName().toString()).sorted().toList());
    }
    assertEquals("whole model", Files.readString(sub.resolve("model.bin")));
  }

  @Test
  void directoryWriterProcessKilledMidWrite_leavesOnlyAHiddenTempSibling(@TempDir Path logs)
      throws Exception {
    Path out = dir.resolve("shards");
    Path log = logs.resolve("slow-writer.log");
    Process writer = Processes.startJava(SlowWriterMain.class, log, List.of("dir", out.toString()));
    try {
      assertTrue(Processes.await(Duration.ofSeconds(20), () -> stagingEntries("shards") > 3),
          "the writer never started writing: " + read(log));
      writer.destroyForcibly();
      writer.waitFor();
    } finally {
      writer.destroyForcibly();
    }
    assertFalse(Files.exists(out));
    assertFalse(LocalDirectoryTarget.of(out).exists());
    List<String> left = listContainer();
    assertEquals(1, left.size(), left.toString());
    assertTrue(left.get(0).startsWith(".shards.tmp-" + writer.pid() + "-"), left.get(0));
  }

  @Test
  void stagingArea_isAHiddenSiblingOfTheFinalPath() throws IOException {
    Path out = dir.resolve("sub/deeper/out.txt");
    try (Staged staged = LocalFileTarget.of(out).stage()) {
      assertEquals(out.getParent(), staged.path().getParent(), "same directory: rename is atomic");
      assertTrue(staged.path().getFileName().toString()
          .startsWith(".out.txt.tmp-" + ProcessHandle.current().pid() + "-"));
      assertTrue(LocalStaged.isStagingName(staged.path().getFileName().toString()));
    }
  }

  @Test
  void directoryCommit_ontoAnExistingEmptyDirectory_fails() throws IOException {
    Path out = dir.resolve("out");
    Files.createDirectory(out);
    try (Staged staged = LocalDirectoryTarget.of(out).stage()) {
      Files.writeString(staged.path().resolve("a"), "a");
      IOException e = assertThrows(IOException.class, staged::commit);
      assertTrue(e.getMessage().contains(out + " already exists"), e.getMessage());
    }
    try (Stream<Path> list = Files.list(out)) {
      assertEquals(0, list.count(), "the existing directory was not replaced");
    }
  }

  @Test
  void bulkExists_inAMissingDirectory_isAllFalse() {
    List<Target> targets = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      targets.add(LocalFileTarget.of(dir.resolve("nowhere/f" + i)));
    }
    boolean[] bulk = LocalStore.INSTANCE.exists(targets);
    for (boolean b : bulk) {
      assertFalse(b);
    }
  }

  @Test
  void bulkExists_groupsByParentDirectory() throws IOException {
    // 40 siblings in each of two directories plus a few loners: both paths of the store at once.
    List<Target> targets = new ArrayList<>();
    for (String sub : List.of("a", "b")) {
      for (int i = 0; i < 40; i++) {
        LocalFileTarget t = LocalFileTarget.of(dir.resolve(sub).resolve("f" + i));
        if (i % 2 == 0) {
          t.writeString("x");
        }
        targets.add(t);
      }
    }
    for (int i = 0; i < 3; i++) {
      LocalFileTarget t = LocalFileTarget.of(dir.resolve("c" + i).resolve("f"));
      if (i == 1) {
        t.writeString("x");
      }
      targets.add(t);
    }
    boolean[] bulk = LocalStore.INSTANCE.exists(targets);
    for (int i = 0; i < targets.size(); i++) {
      assertEquals(targets.get(i).exists(), bulk[i], targets.get(i).uri());
    }
  }

  private long stagingBytes(String name) {
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(p -> p.getFileName().toString().startsWith("." + name + ".tmp-"))
          .mapToLong(p -> p.toFile().length()).sum();
    } catch (IOException e) {
      return 0;
    }
  }

  private long stagingEntries(String name) {
    try (Stream<Path> list = Files.list(dir)) {
      List<Path> staging = list
          .filter(p -> p.getFileName().toString().startsWith("." + name + ".tmp-")).toList();
      long n = 0;
      for (Path p : staging) {
        try (Stream<Path> inner = Files.list(p)) {
          n += inner.count();
        }
      }
      return n;
    } catch (IOException e) {
      return 0;
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(" + e + ")";
    }
  }
}
