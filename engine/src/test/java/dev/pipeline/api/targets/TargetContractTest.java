package dev.pipeline.api.targets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.engine.testing.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every target implementation must do, whatever it stores into (local files, S3, ...).
 * A subclass supplies targets that all live in one fresh, empty container per test (a temporary
 * directory, a bucket prefix): {@link #newFileTarget}, {@link #newDirectoryTarget}, a way to read
 * a committed directory back, and a listing of the container that includes any staging leftovers.
 */
@Timeout(30)
public abstract class TargetContractTest {
  /** The file target called {@code name} in this test's container. */
  protected abstract FileTarget newFileTarget(String name) throws Exception;

  /** The directory target called {@code name} in this test's container. */
  protected abstract DirectoryTarget newDirectoryTarget(String name) throws Exception;

  /** The files of a committed directory target: path relative to it, to content. */
  protected abstract Map<String, String> readDirectory(DirectoryTarget target) throws Exception;

  /** Every entry name in the container, hidden and temporary ones included. */
  protected abstract List<String> listContainer() throws Exception;

  // ---- files ------------------------------------------------------------------------------

  @Test
  void fileTarget_doesNotExistBeforeItIsWritten() throws Exception {
    FileTarget t = newFileTarget("absent.txt");
    assertFalse(t.exists());
    assertFalse(t.store().exists(List.of(t))[0]);
  }

  @Test
  void writeString_thenReadString_roundTrips() throws Exception {
    FileTarget t = newFileTarget("hello.txt");
    t.writeString("hello\nworld\n");
    assertTrue(t.exists());
    assertEquals("hello\nworld\n", t.readString());
  }

  @Test
  void committedWrite_isComplete() throws Exception {
    FileTarget t = newFileTarget("big.bin");
    byte[] data = new byte[3 * 1024 * 1024 + 17];
    new Random(42).nextBytes(data);
    t.write(out -> {
      for (int off = 0; off < data.length; off += 4096) {
        out.write(data, off, Math.min(4096, data.length - off));
      }
    });
    try (var in = t.read()) {
      assertArrayEquals(data, in.readAllBytes());
    }
  }

  @Test
  void write_whoseCallbackThrowsIOException_leavesNothing() throws Exception {
    FileTarget t = newFileTarget("failed.txt");
    IOException e = assertThrows(IOException.class, () -> t.write(out -> {
      out.write("partial".getBytes(StandardCharsets.UTF_8));
      throw new IOException("disk on fire");
    }));
    assertEquals("disk on fire", e.getMessage());
    assertFalse(t.exists());
    assertEquals(List.of(), listContainer(), "no output and no staging leftovers");
  }

  @Test
  void write_whoseCallbackThrowsRuntimeException_leavesNothing() throws Exception {
    FileTarget t = newFileTarget("failed.txt");
    assertThrows(IllegalStateException.class, () -> t.write(out -> {
      out.write(new byte[1000]);
      throw new IllegalStateException("bug in the writer");
    }));
    assertFalse(t.exists());
    assertEquals(List.of(), listContainer());
  }

  @Test
  void failedRewrite_keepsThePreviousComplete_andASuccessfulOneReplacesIt() throws Exception {
    FileTarget t = newFileTarget("v.txt");
    t.writeString("version 1");
    assertThrows(IOException.class, () -> t.write(out -> {
      out.write("version 2, half".getBytes(StandardCharsets.UTF_8));
      throw new IOException("crash");
    }));
    assertEquals("version 1", t.readString());
    t.writeString("version 2");
    assertEquals("version 2", t.readString());
    assertEquals(List.of(fileName(t)), listContainer());
  }

  @Test
  void stagedFile_isInvisibleUntilCommit() throws Exception {
    FileTarget t = newFileTarget("staged.txt");
    try (Staged staged = t.stage()) {
      Files.writeString(staged.path(), "data");
      assertFalse(t.exists());
      assertFalse(t.store().exists(List.of(t))[0]);
      assertThrows(IOException.class, t::read);
      staged.commit();
      assertTrue(t.exists());
    }
    assertEquals("data", t.readString());
  }

  @Test
  void stagedFile_closedWithoutCommit_isDiscarded() throws Exception {
    FileTarget t = newFileTarget("aborted.txt");
    try (Staged staged = t.stage()) {
      Files.writeString(staged.path(), "data");
    }
    assertFalse(t.exists());
    assertEquals(List.of(), listContainer());
  }

  @Test
  void commit_withNothingWritten_fails() throws Exception {
    FileTarget t = newFileTarget("empty.txt");
    try (Staged staged = t.stage()) {
      IOException e = assertThrows(IOException.class, staged::commit);
      assertTrue(e.getMessage().contains("nothing was written"), e.getMessage());
    }
    assertFalse(t.exists());
  }

  @Test
  void remove_deletesTheFile_andIsANoOpWhenAbsent() throws Exception {
    FileTarget t = newFileTarget("gone.txt");
    t.remove();
    t.writeString("x");
    t.remove();
    assertFalse(t.exists());
    t.remove();
    assertEquals(List.of(), listContainer());
  }

  @Test
  void concurrentReader_seesNothingOrTheWholeFile() throws Exception {
    FileTarget t = newFileTarget("watched.txt");
    String full = "0123456789abcdef".repeat(16 * 1024);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<String> torn = new AtomicReference<>();
    AtomicInteger sawComplete = new AtomicInteger();
    Thread reader = new Thread(() -> {
      while (!stop.get() && torn.get() == null) {
        if (t.exists()) {
          try {
            String s = t.readString();
            if (!s.equals(full)) {
              torn.set("read " + s.length() + " of " + full.length() + " chars");
            }
            sawComplete.incrementAndGet();
          } catch (IOException e) {
            torn.set("exists() but unreadable: " + e);
          }
        }
      }
    });
    reader.start();
    t.write(out -> {
      byte[] b = full.getBytes(StandardCharsets.UTF_8);
      for (int off = 0; off < b.length; off += 8192) {
        out.write(b, off, 8192);
        out.flush();
        sleep(1);
      }
    });
    assertTrue(eventually(() -> sawComplete.get() > 0), "reader saw the committed file");
    stop.set(true);
    reader.join();
    assertEquals(null, torn.get());
  }

  // ---- directories ---------------------------------------------------------------------------

  @Test
  void stagedDirectory_appearsWithAllItsFilesAtOnce() throws Exception {
    DirectoryTarget d = newDirectoryTarget("shards");
    Map<String, String> expected = new LinkedHashMap<>();
    try (Staged staged = d.stage()) {
      for (int i = 0; i < 5; i++) {
        Files.writeString(staged.path().resolve("part-" + i), "shard " + i);
        expected.put("part-" + i, "shard " + i);
        assertFalse(d.exists(), "visible after " + (i + 1) + " file(s)");
      }
      Files.createDirectories(staged.path().resolve("sub"));
      Files.writeString(staged.path().resolve("sub/nested.txt"), "deep");
      expected.put("sub/nested.txt", "deep");
      assertFalse(d.exists());
      assertFalse(d.store().exists(List.of(d))[0]);
      staged.commit();
    }
    assertTrue(d.exists());
    assertEquals(expected, readDirectory(d));
  }

  @Test
  void concurrentObserver_seesNoDirectoryOrAllOfIt() throws Exception {
    DirectoryTarget d = newDirectoryTarget("observed");
    int files = 20;
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<String> partial = new AtomicReference<>();
    AtomicInteger sawComplete = new AtomicInteger();
    Thread observer = new Thread(() -> {
      while (!stop.get() && partial.get() == null) {
        if (d.exists()) {
          try {
            int n = readDirectory(d).size();
            if (n != files) {
              partial.set("saw " + n + " of " + files + " files");
            }
            sawComplete.incrementAndGet();
          } catch (Exception e) {
            partial.set("exists() but unreadable: " + e);
          }
        }
      }
    });
    observer.start();
    try (Staged staged = d.stage()) {
      for (int i = 0; i < files; i++) {
        Files.writeString(staged.path().resolve("f" + i), "x".repeat(100));
        sleep(2);
      }
      staged.commit();
    }
    assertTrue(eventually(() -> sawComplete.get() > 0), "observer saw the committed directory");
    stop.set(true);
    observer.join();
    assertEquals(null, partial.get());
  }

  @Test
  void stagedDirectory_closedWithoutCommit_isDiscarded() throws Exception {
    DirectoryTarget d = newDirectoryTarget("aborted");
    try (Staged staged = d.stage()) {
      Files.writeString(staged.path().resolve("a"), "a");
    }
    assertFalse(d.exists());
    assertEquals(List.of(), listContainer());
  }

  @Test
  void directoryCommit_ontoAnExistingDirectory_failsWithAClearMessage() throws Exception {
    DirectoryTarget d = newDirectoryTarget("out");
    try (Staged first = d.stage()) {
      Files.writeString(first.path().resolve("first.txt"), "1");
      first.commit();
    }
    try (Staged second = d.stage()) {
      Files.writeString(second.path().resolve("second.txt"), "2");
      IOException e = assertThrows(IOException.class, second::commit);
      assertTrue(e.getMessage().contains("already exists"), e.getMessage());
      assertTrue(e.getMessage().contains("remove it"), e.getMessage());
    }
    assertEquals(Map.of("first.txt", "1"), readDirectory(d), "the existing directory is untouched");
    assertEquals(1, listContainer().size(), "the second staging area is gone: " + listContainer());
  }

  @Test
  void directoryRemove_deletesEverythingInIt_andIsANoOpWhenAbsent() throws Exception {
    DirectoryTarget d = newDirectoryTarget("tree");
    d.remove();
    try (Staged staged = d.stage()) {
      Files.createDirectories(staged.path().resolve("a/b"));
      Files.writeString(staged.path().resolve("a/b/c.txt"), "c");
      Files.writeString(staged.path().resolve("top.txt"), "t");
      staged.commit();
    }
    assertTrue(d.exists());
    d.remove();
    assertFalse(d.exists());
    d.remove();
    assertEquals(List.of(), listContainer());
  }

  // ---- identity and bulk existence --------------------------------------------------------

  @Test
  void siblings_shareOneStore_andHaveDistinctUris() throws Exception {
    FileTarget a = newFileTarget("a.txt");
    FileTarget b = newFileTarget("b.txt");
    DirectoryTarget c = newDirectoryTarget("c");
    assertSame(a.store(), b.store(), "bulk checks group targets by store identity");
    assertSame(a.store(), c.store());
    assertNotEquals(a.uri(), b.uri());
    assertTrue(a.uri().contains("a.txt"), a.uri());
    assertTrue(c.uri().contains("c"), c.uri());
  }

  @Test
  void bulkExists_ofFewTargets_agreesWithExists() throws Exception {
    List<Target> targets = mixedTargets(6);
    assertBulkAgrees(targets);
    assertEquals(0, targets.get(0).store().exists(List.of()).length);
  }

  /** More siblings than a store would stat one by one: exercises its listing path. */
  @Test
  void bulkExists_ofManySiblings_agreesWithExists() throws Exception {
    List<Target> targets = mixedTargets(80);
    assertTrue(targets.size() > 64);
    assertBulkAgrees(targets);
    // A staging area that is open (not committed) while the store lists must not count.
    FileTarget pending = newFileTarget("pending.txt");
    DirectoryTarget pendingDir = newDirectoryTarget("pending-dir");
    try (Staged s1 = pending.stage(); Staged s2 = pendingDir.stage()) {
      Files.writeString(s1.path(), "not yet");
      Files.writeString(s2.path().resolve("x"), "not yet");
      List<Target> withPending = new ArrayList<>(targets);
      withPending.add(pending);
      withPending.add(pendingDir);
      boolean[] bulk = assertBulkAgrees(withPending);
      assertFalse(bulk[bulk.length - 1]);
      assertFalse(bulk[bulk.length - 2]);
    }
  }

  @Test
  void bulkExists_aFileWhereADirectoryTargetIsExpected_doesNotCount() throws Exception {
    List<Target> targets = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      FileTarget f = newFileTarget("file-" + i);
      f.writeString("x");
      targets.add(f);
    }
    FileTarget clash = newFileTarget("clash");
    clash.writeString("I am a file");
    DirectoryTarget expectedDir = newDirectoryTarget("clash");
    targets.add(expectedDir);
    assertFalse(expectedDir.exists());
    boolean[] bulk = assertBulkAgrees(targets);
    assertFalse(bulk[targets.size() - 1]);
  }

  /**
   * {@code n} targets in the container: file and directory targets (every fifth a directory),
   * every third one left missing.
   */
  private List<Target> mixedTargets(int n) throws Exception {
    List<Target> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean present = i % 3 != 0;
      if (i % 5 == 0) {
        DirectoryTarget d = newDirectoryTarget("dir-" + i);
        if (present) {
          try (Staged s = d.stage()) {
            Files.writeString(s.path().resolve("content"), "d" + i);
            s.commit();
          }
        }
        out.add(d);
      } else {
        FileTarget f = newFileTarget("file-" + i + ".txt");
        if (present) {
          f.writeString("f" + i);
        }
        out.add(f);
      }
    }
    return out;
  }

  private static boolean[] assertBulkAgrees(List<Target> targets) {
    boolean[] bulk = targets.get(0).store().exists(targets);
    assertEquals(targets.size(), bulk.length);
    int present = 0;
    for (int i = 0; i < targets.size(); i++) {
      assertEquals(targets.get(i).exists(), bulk[i], "bulk vs exists() of " + targets.get(i).uri());
      present += bulk[i] ? 1 : 0;
    }
    assertTrue(present > 0 || targets.size() < 3, "some targets exist");
    return bulk;
  }

  private static String fileName(Target t) {
    String uri = t.uri();
    return uri.substring(uri.lastIndexOf('/') + 1);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new UncheckedIOException(new java.io.InterruptedIOException());
    }
  }

  private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
    return Processes.await(Duration.ofSeconds(5), condition);
  }
}
