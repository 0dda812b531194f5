package dev.pipeline.engine.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.engine.scheduler.RunOptions;
import dev.pipeline.engine.testing.Node;
import dev.pipeline.engine.testing.Recorder;
import dev.pipeline.engine.testing.TestRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code .pipeline/journal.jsonl}: what a run records, and reading it back. */
@Timeout(30)
class JournalTest {
  @TempDir Path dir;

  private Path journal() {
    return JournalWriter.fileIn(dir);
  }

  @Test
  void run_recordsItsStart_eachTaskAttempt_andItsEnd() throws Exception {
    String key = Recorder.newKey("journal");
    Path out = Files.createDirectories(dir.resolve("out"));
    Node gpu = Node.of(key, "gpu").out(out).gpus(1);
    Node root = Node.of(key, "root").out(out).requires(gpu);
    List<String> argv = List.of("pipeline", "run", "TestNode", "--name", "root");

    TestRun run = TestRun.run(RunOptions.defaults(dir).withWorkers(2)
        .withGpus(List.of("0", "1")).withCommandLine(argv), root);
    assertEquals(ExitCode.OK, run.summary.exitCode());

    assertEquals(dir.resolve(".pipeline/journal.jsonl"), journal());
    List<JournalRecord> records = JournalReader.read(journal());
    JournalRecord started = records.get(0);
    assertEquals("run_started", started.type());
    assertEquals(argv, started.argv());
    assertEquals("dev", started.version(), "no jar manifest in tests");
    assertEquals(Files.readString(Path.of("/proc/sys/kernel/hostname")).trim(), started.host());
    assertEquals(ProcessHandle.current().pid(), started.pid());
    assertEquals(dir.toAbsolutePath().normalize().toString(), started.directory());
    assertEquals(List.of(root.id().canonical()), started.roots());
    assertEquals(2, started.workers());
    assertEquals(List.of("0", "1"), started.gpus());
    String runId = started.run();
    assertFalse(runId.isEmpty());
    for (JournalRecord r : records) {
      assertEquals(runId, r.run(), r.toString());
      assertNotNull(r.time(), r.toString());
    }

    JournalRecord graph = records.get(1);
    assertEquals("graph", graph.type());
    assertEquals(Map.of("total", 2, "complete", 0, "to_run", 2), graph.counts());

    for (Node t : List.of(gpu, root)) {
      List<JournalRecord> lines = records.stream()
          .filter(r -> "task".equals(r.type()) && t.id().canonical().equals(r.task())).toList();
      assertEquals(List.of("RUNNING", "DONE"), lines.stream().map(JournalRecord::state).toList());
      for (JournalRecord line : lines) {
        assertEquals("TestNode", line.family());
        assertEquals(1, line.attempt());
        assertEquals(dir.resolve(".pipeline/logs/TestNode/TestNode-" + t.id().digest() + ".log")
            .toString(), line.log());
        if (t == gpu) {
          assertEquals(1, line.gpus().size(), line.toString());
          assertTrue(List.of("0", "1").contains(line.gpus().get(0)));
        } else {
          assertNull(line.gpus(), "no gpus field for a task without GPUs");
        }
      }
    }

    JournalRecord finished = records.get(records.size() - 1);
    assertEquals("run_finished", finished.type());
    assertEquals(Map.of("DONE", 2), finished.counts());
    assertEquals(0, finished.exitCode());
    assertTrue(finished.wallSeconds() >= 0);
    assertEquals(2 + 4 + 1, records.size(), records.toString());
  }

  @Test
  void failedRun_recordsTheFailureMessage_countsAndExitCode() throws Exception {
    String key = Recorder.newKey("fail");
    Path out = Files.createDirectories(dir.resolve("out"));
    Node bad = Node.of(key, "bad").out(out).failTimes(1);
    Node root = Node.of(key, "root").out(out).requires(bad);

    TestRun.run(RunOptions.defaults(dir), root);

    List<JournalRecord> records = JournalReader.read(journal());
    JournalRecord failed = records.stream().filter(r -> "FAILED".equals(r.state())).findFirst()
        .orElseThrow();
    assertEquals(bad.id().canonical(), failed.task());
    assertEquals("bad failed on attempt 1", failed.message());
    JournalRecord upstream = records.stream().filter(r -> "UPSTREAM_FAILED".equals(r.state()))
        .findFirst().orElseThrow();
    assertEquals(root.id().canonical(), upstream.task());
    JournalRecord finished = records.get(records.size() - 1);
    assertEquals(Map.of("FAILED", 1, "UPSTREAM_FAILED", 1), finished.counts());
    assertEquals(3, finished.exitCode());
  }

  @Test
  void runsAppendToOneJournal_andLatestStatesPicksTheLastRecordPerTask() throws Exception {
    String key = Recorder.newKey("twice");
    Path out = Files.createDirectories(dir.resolve("out"));
    Node flaky = Node.of(key, "flaky").out(out).failTimes(1);

    TestRun.run(RunOptions.defaults(dir), flaky);
    TestRun.run(RunOptions.defaults(dir), flaky);

    List<JournalRecord> records = JournalReader.read(journal());
    assertEquals(2, records.stream().filter(r -> "run_started".equals(r.type())).count());
    assertEquals(2, records.stream().map(JournalRecord::run).distinct().count());
    Map<String, JournalRecord> latest = JournalReader.latestTaskStates(journal());
    assertEquals("DONE", latest.get(flaky.id().canonical()).state());
  }

  @Test
  void tornLastLine_isSkipped() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    TestRun.run(RunOptions.defaults(dir), Node.of(Recorder.newKey("torn"), "t").out(out));
    int complete = JournalReader.read(journal()).size();

    // A writer killed in the middle of its last write.
    Files.writeString(journal(), "{\"type\":\"task\",\"run\":\"x\",\"ta",
        StandardOpenOption.APPEND);

    List<JournalRecord> records = JournalReader.read(journal());
    assertEquals(complete, records.size());
    assertEquals("run_finished", records.get(records.size() - 1).type());
  }

  @Test
  void damagedLineBeforeTheEnd_isAnError() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    Files.createDirectories(journal().getParent());
    Files.writeString(journal(), "{\"type\":\"run_started\",\"run\":\"r\"}\n{garbage\n");
    TestRun.run(RunOptions.defaults(dir), Node.of(Recorder.newKey("bad"), "t").out(out));

    IOException e = assertThrows(IOException.class, () -> JournalReader.read(journal()));
    assertTrue(e.getMessage().startsWith(journal() + ": unreadable journal line"), e.getMessage());
  }

  @Test
  void tornLastLine_isRepairedByTheNextRun_andEveryRecordIsKept() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    String key = Recorder.newKey("repair");
    TestRun.run(RunOptions.defaults(dir), Node.of(key, "first").out(out));
    int before = JournalReader.read(journal()).size();
    // A full disk (or kill -9) in the middle of the last write.
    Files.writeString(journal(), "{\"type\":\"task\",\"run\":\"x\",\"ta",
        StandardOpenOption.APPEND);

    TestRun.run(RunOptions.defaults(dir), Node.of(key, "second").out(out));
    TestRun.run(RunOptions.defaults(dir), Node.of(key, "third").out(out));

    List<JournalRecord> records = JournalReader.read(journal());
    assertTrue(records.size() > before, "the records before the torn line are kept");
    assertEquals(3, records.stream().filter(r -> "run_finished".equals(r.type())).count(),
        "three runs, each recorded to its end");
    assertEquals(3, records.stream().filter(r -> "run_started".equals(r.type())).count());
    assertTrue(records.stream().anyMatch(r -> "DONE".equals(r.state())
        && r.task().contains("third")), "records after the repair are readable");
    assertEquals(1, Files.readAllLines(journal()).stream()
        .filter(l -> l.contains("\"type\":\"torn_line\"")).count(), "repaired once");
  }

  @Test
  void fullDisk_stopsTheRun_withANonZeroExit_andKeepsWrittenOutputs() throws Exception {
    Path full = Path.of("/dev/full"); // every write fails with ENOSPC, as on a full disk
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(full), "needs /dev/full");
    Files.createDirectories(journal().getParent());
    Files.createSymbolicLink(journal(), full);
    Path out = Files.createDirectories(dir.resolve("out"));
    String key = Recorder.newKey("full");
    Node first = Node.of(key, "first").out(out).millis(300);
    Node second = Node.of(key, "second").out(out).millis(300).requires(first);
    Node third = Node.of(key, "third").out(out).millis(300).requires(second);

    TestRun run = TestRun.run(RunOptions.defaults(dir), third);

    assertEquals(ExitCode.TASK_FAILED, run.summary.exitCode());
    assertNotNull(run.summary.stopped());
    assertTrue(run.summary.stopped().startsWith("cannot write the journal " + journal()
        + ": No space left on device"), run.summary.stopped());
    assertEquals(dev.pipeline.engine.event.TaskState.NOT_RUN, run.finalState(third),
        "no new task starts once the journal cannot be written");
    assertTrue(Files.exists(out.resolve("first.txt")) || run.finalState(first)
        == dev.pipeline.engine.event.TaskState.NOT_RUN, "a finished output is kept");
  }

  @Test
  void missingJournal_readsAsEmpty_andCanBeSwitchedOff() throws Exception {
    assertEquals(List.of(), JournalReader.read(journal()));
    Path out = Files.createDirectories(dir.resolve("out"));
    TestRun.run(RunOptions.defaults(dir).withJournal(false),
        Node.of(Recorder.newKey("off"), "t").out(out));
    assertFalse(Files.exists(journal()));
  }
}
