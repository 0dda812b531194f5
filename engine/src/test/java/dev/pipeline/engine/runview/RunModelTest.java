package dev.pipeline.engine.runview;

import static dev.pipeline.engine.runview.Journals.ROOT;
import static dev.pipeline.engine.runview.Journals.leaf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.engine.event.TaskState;
import dev.pipeline.engine.journal.JournalWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run read back from a real journal, and followed while it grows. */
class RunModelTest {
  @TempDir Path dir;

  @Test
  void countsByFamilyIncludeTasksWithNoRecordYet() {
    new Journals(dir).started("r1", 10, 3, 1)
        .task(leaf(0), TaskState.RUNNING, 1, 100, List.of("0"), null)
        .task(leaf(0), TaskState.DONE, 1, 300, List.of("0"), null)
        .task(leaf(1), TaskState.RUNNING, 1, 120, List.of(), null)
        .write();
    JournalTail tail = new JournalTail(dir);
    assertTrue(tail.poll());
    RunModel run = tail.runs().get(0);
    Map<String, RunModel.FamilySummary> families = new java.util.HashMap<>();
    run.families().forEach(f -> families.put(f.name(), f));
    assertEquals(Map.of("DONE", 1, "RUNNING", 1, "COMPLETE", 3, "PENDING", 5),
        families.get("Leaf").counts());
    assertEquals(Map.of("PENDING", 1), families.get("Root").counts());
    assertEquals(List.of("Leaf"), families.get("Root").requires());
    assertEquals(11, run.total());
    assertEquals(0.2, run.task(leaf(0).canonical()).attempts().get(0).seconds(null), 1e-9);
    assertEquals(List.of("0"), run.task(leaf(0).canonical()).attempts().get(0).gpus());
  }

  @Test
  void itemsATaskPublished_areShownWithIt_readBackAndLive() {
    Path checkpoint = dir.resolve("ckpt-1.npz");
    Journals journal = new Journals(dir).started("r1", 1, 0, 1)
        .task(leaf(0), TaskState.RUNNING, 1, 100, List.of(), null)
        .published(leaf(0), "step-20", checkpoint, 150);
    List<dev.pipeline.engine.event.RunEvent> events = journal.events();
    journal.write();
    JournalTail tail = new JournalTail(dir);
    tail.poll();
    assertEquals(List.of(new TaskView.PublishedItem("step-20", checkpoint.toString())),
        tail.runs().get(0).task(leaf(0).canonical()).published());

    LiveRun live = new LiveRun(TaskDetails.NONE, () -> { });
    events.forEach(live::onEvent); // an ItemPublished event was a ClassCastException
    assertEquals(List.of(new TaskView.PublishedItem("step-20", checkpoint.toString())),
        live.model().task(leaf(0).canonical()).published());
    assertEquals("RUNNING", live.model().task(leaf(0).canonical()).state());
  }

  @Test
  void retriesAreAttemptsAndTheFailureMessageGivesTheExitCode() {
    new Journals(dir).started("r1", 1, 0, 1)
        .task(leaf(0), TaskState.RUNNING, 1, 0, List.of(), null)
        .task(leaf(0), TaskState.RETRYING, 1, 50, List.of(), "command 'x' exited with code 3")
        .task(leaf(0), TaskState.RUNNING, 2, 100, List.of(), null)
        .task(leaf(0), TaskState.FAILED, 2, 150, List.of(), "job ended with exit code 137")
        .task(ROOT, TaskState.UPSTREAM_FAILED, 0, 160, List.of(), null)
        .finished(200, ExitCode.TASK_FAILED)
        .write();
    JournalTail tail = new JournalTail(dir);
    tail.poll();
    RunModel run = tail.runs().get(0);
    TaskView task = run.task(leaf(0).canonical());
    assertEquals("FAILED", task.state());
    assertEquals(2, task.attempts().size());
    assertEquals(3, task.attempts().get(0).exitCode());
    assertEquals(137, task.attempts().get(1).exitCode());
    assertEquals(Map.of("i", "0", "out", "/tmp/x"), task.parameters());
    assertTrue(run.task(ROOT.canonical()).attempts().isEmpty());
    assertEquals(Map.of("FAILED", 1, "UPSTREAM_FAILED", 1), run.counts());
    assertEquals(3, run.finished().exitCode());
  }

  @Test
  void followsAGrowingJournalAndSkipsAnUnfinishedLine() throws Exception {
    new Journals(dir).started("r1", 2, 0, 1)
        .task(leaf(0), TaskState.RUNNING, 1, 0, List.of(), null).write();
    JournalTail tail = new JournalTail(dir);
    tail.poll();
    RunModel run = tail.runs().get(0);
    long before = run.version();
    assertFalse(tail.poll(), "nothing new");

    Path file = JournalWriter.fileIn(dir);
    String half = "{\"type\":\"task\",\"run\":\"r1\",\"time\":\"2026-01-01T10:00:01Z\",\"task\":\""
        + leaf(1).canonical() + "\",\"family\":\"Leaf\",\"state\":\"RUN";
    Files.writeString(file, half, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    assertFalse(tail.poll(), "half a line is not applied");
    Files.writeString(file, "NING\",\"attempt\":1}\n", StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    assertTrue(tail.poll(), "the line, once complete");
    assertEquals("RUNNING", run.task(leaf(1).canonical()).state());
    assertTrue(run.version() > before);

    Files.writeString(file, "{\"type\":\"task\",\"run\":\"r1\",\"time\":\"2026-01-01T10:00:02Z\","
        + "\"task\":\"" + leaf(0).canonical() + "\",\"family\":\"Leaf\",\"state\":\"DONE\","
        + "\"attempt\":1,\"cpuSeconds\":1.5,\"peakRssKb\":2048}\n", StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    tail.poll();
    assertEquals(1.5, run.task(leaf(0).canonical()).attempts().get(0).cpuSeconds());
    assertEquals(2048L, run.task(leaf(0).canonical()).attempts().get(0).peakRssKb());
    assertEquals("DONE", run.task(leaf(0).canonical()).state());
  }

  @Test
  void aPageOfAFamilyIsAPageNotTheFamily() {
    Journals journal = new Journals(dir).started("r1", 1000, 0, 1);
    for (int i = 0; i < 1000; i++) {
      journal.task(leaf(i), i % 2 == 0 ? TaskState.RUNNING : TaskState.FAILED, 1, i, List.of(), null);
    }
    journal.write();
    JournalTail tail = new JournalTail(dir);
    tail.poll();
    RunModel run = tail.runs().get(0);
    RunModel.Page page = run.page("Leaf", null, 990, 100);
    assertEquals(1000, page.total());
    assertEquals(10, page.tasks().size());
    RunModel.Page failed = run.page("Leaf", "FAILED", 0, 5);
    assertEquals(500, failed.total());
    assertEquals(leaf(1).canonical(), failed.tasks().get(0).id());
    assertNull(run.task("Leaf(i=5000, out=/tmp/x)"));
  }
}
