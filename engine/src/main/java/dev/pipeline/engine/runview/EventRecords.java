package dev.pipeline.engine.runview;

import dev.pipeline.engine.event.GraphGrew;
import dev.pipeline.engine.event.ItemPublished;
import dev.pipeline.engine.event.GraphResolved;
import dev.pipeline.engine.event.RunEvent;
import dev.pipeline.engine.event.RunFinished;
import dev.pipeline.engine.event.RunStarted;
import dev.pipeline.engine.event.TaskEvent;
import dev.pipeline.engine.event.TaskState;
import dev.pipeline.engine.journal.JournalRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A live run's events as the journal records them, so that one {@link RunModel} serves both the
 * live run and a journal read back. The same fields as {@code JournalWriter} writes.
 */
final class EventRecords {
  private EventRecords() {}

  /** When the event happened. */
  static Instant time(RunEvent event) {
    if (event instanceof TaskEvent t) {
      return t.time();
    } else if (event instanceof RunStarted s) {
      return s.time();
    } else if (event instanceof GraphResolved g) {
      return g.time();
    } else if (event instanceof GraphGrew g) {
      return g.time();
    } else if (event instanceof ItemPublished p) {
      return p.time();
    }
    return ((RunFinished) event).time();
  }

  /** The record the journal writes for it; a task record's time is left out (see {@link #time}). */
  static JournalRecord of(RunEvent event, String runId) {
    if (event instanceof TaskEvent t) {
      return new JournalRecord("task", runId, null, t.task().canonical(),
          t.task().family(), t.state().name(), t.attempt(), t.gpus(),
          t.log() == null ? null : t.log().toString(), t.message(), null, null, null, null, null,
          null, null, null, null, null, t.usage().cpuSeconds(), t.usage().peakRssKb(),
          t.usage().allocatedBytes(), null, null, null);
    }
    if (event instanceof RunStarted s) {
      return new JournalRecord("run_started", runId, s.time().toString(), null, null, null, null,
          s.gpus(), null, null, s.commandLine(), s.version(), s.host(), s.pid(),
          s.runDirectory().toString(), s.roots(), s.workers(), null, null, null);
    }
    if (event instanceof GraphResolved g) {
      return new JournalRecord("graph", runId, g.time().toString(), null, null, null, null, null,
          null, null, null, null, null, null, null, null, null,
          Map.of("total", g.total(), "complete", g.complete(), "to_run", g.toRun()), null, null,
          null, null, null, g.families(), null, null);
    }
    if (event instanceof ItemPublished p) {
      return new JournalRecord("published", runId, p.time().toString(), p.producer().canonical(),
          p.producer().family(), null, null, null, null, null, null, null, null, null, null, null,
          null, null, null, null, null, null, null, null, p.name(), p.path().toString());
    }
    if (event instanceof GraphGrew g) {
      return new JournalRecord("graph_grew", runId, g.time().toString(), null, null, null, null,
          null, null, null, null, null, null, null, null, null, null,
          Map.of("total", g.added(), "complete", g.complete(), "to_run", g.toRun()), null, null);
    }
    RunFinished f = (RunFinished) event;
    Map<String, Integer> counts = new TreeMap<>();
    for (TaskState state : TaskState.values()) {
      if (f.summary().count(state) > 0) {
        counts.put(state.name(), f.summary().count(state));
      }
    }
    return new JournalRecord("run_finished", runId, f.time().toString(), null, null, null, null,
        List.of(), null, null, null, null, null, null, null, null, null, counts,
        f.summary().exitCode().code(), f.summary().wall().toMillis() / 1000.0);
  }
}
