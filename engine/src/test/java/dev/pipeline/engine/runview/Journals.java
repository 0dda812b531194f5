package dev.pipeline.engine.runview;

import dev.pipeline.api.TaskId;
import dev.pipeline.api.error.ExitCode;
import dev.pipeline.engine.event.FamilyShape;
import dev.pipeline.engine.event.GraphResolved;
import dev.pipeline.engine.event.RunEvent;
import dev.pipeline.engine.event.RunFinished;
import dev.pipeline.engine.event.RunStarted;
import dev.pipeline.engine.event.RunSummary;
import dev.pipeline.engine.event.TaskEvent;
import dev.pipeline.engine.event.TaskState;
import dev.pipeline.engine.journal.JournalWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Journals written by the real {@link JournalWriter} from events, for the readers' tests. */
public final class Journals {
  public static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  private final List<RunEvent> events = new ArrayList<>();
  private final Path runDirectory;

  public Journals(Path runDirectory) {
    this.runDirectory = runDirectory;
  }

  public static TaskId leaf(int i) {
    return new TaskId("Leaf", "Leaf(i=" + i + ", out=/tmp/x)");
  }

  public static final TaskId ROOT = new TaskId("Root", "Root(n=3)");

  /** A run whose graph has Root requiring {@code leaves} Leaf tasks, {@code complete} of them done before. */
  public Journals started(String runId, int leaves, int complete, long pid) {
    events.add(new RunStarted(runId, T0, List.of("pipeline", "run", "Root"), "test", "thishost",
        pid, runDirectory, List.of(ROOT.canonical()), 2, List.of()));
    events.add(new GraphResolved(T0.plusMillis(10), leaves + 1, complete, leaves + 1 - complete,
        Map.of("Root", new FamilyShape(1, 0, List.of("Leaf")),
            "Leaf", new FamilyShape(leaves, complete, List.of()))));
    return this;
  }

  public Journals task(TaskId id, TaskState state, int attempt, long atMillis, List<String> gpus,
      String message) {
    events.add(new TaskEvent(id, state, attempt, T0.plusMillis(atMillis), gpus,
        runDirectory.resolve("logs").resolve(id.digest() + ".log"), message));
    return this;
  }

  public Journals published(TaskId producer, String item, Path path, long atMillis) {
    events.add(new dev.pipeline.engine.event.ItemPublished(T0.plusMillis(atMillis), producer, item,
        path));
    return this;
  }

  public Journals finished(long atMillis, ExitCode code) {
    events.add(new RunFinished(T0.plusMillis(atMillis),
        new RunSummary(Map.of(TaskState.DONE, 1), List.of(), code, Duration.ofMillis(atMillis))));
    return this;
  }

  /** Appends the events so far to the run directory's journal, and forgets them. */
  /** The events so far, to feed a live listener the same run. */
  public List<RunEvent> events() {
    return List.copyOf(events);
  }

  public Journals write() {
    JournalWriter writer = new JournalWriter(JournalWriter.fileIn(runDirectory));
    events.forEach(writer::onEvent);
    writer.close();
    events.clear();
    return this;
  }
}
