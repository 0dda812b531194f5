package dev.pipeline.engine.scheduler;

import dev.pipeline.engine.event.GraphGrew;
import dev.pipeline.engine.event.GraphResolved;
import dev.pipeline.engine.event.RunEvent;
import dev.pipeline.engine.event.RunFinished;
import dev.pipeline.engine.event.RunListener;
import dev.pipeline.engine.event.RunStarted;
import dev.pipeline.engine.event.RunSummary;
import dev.pipeline.engine.event.TaskEvent;
import dev.pipeline.engine.event.TaskState;
import dev.pipeline.engine.executor.ResourceUsage;
import dev.pipeline.engine.journal.HostName;
import dev.pipeline.engine.journal.JournalWriter;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskId;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds events and hands them to the listeners (the journal first when enabled). */
final class Events {
  private static final Logger LOG = LoggerFactory.getLogger(Events.class);

  private final List<RunListener> listeners = new ArrayList<>();
  private final RunOptions options;
  // Time plus random bits; not UUID.randomUUID(), whose SecureRandom seeding can stall start-up.
  private final String runId =
      Instant.now().toString().replace(":", "").replace("-", "").substring(0, 15) + "-"
          + Integer.toHexString(ThreadLocalRandom.current().nextInt() | 0x10000000);

  private final JournalWriter journal;
  private boolean closed;

  /** {@code onJournalFailure} hears, once and from the journal's thread, why it cannot be written. */
  Events(List<RunListener> external, RunOptions options, Consumer<String> onJournalFailure) {
    this.options = options;
    if (options.journal()) {
      journal = new JournalWriter(JournalWriter.fileIn(options.runDirectory()), onJournalFailure);
      listeners.add(journal);
    } else {
      journal = null;
    }
    listeners.addAll(external);
  }

  /** Why the journal could not be written, if it could not. */
  Optional<String> journalFailure() {
    return journal == null ? Optional.empty() : Optional.ofNullable(journal.failure());
  }

  String runId() {
    return runId;
  }

  /** Where a task's log lives: {@code .pipeline/logs/FAMILY/FAMILY-DIGEST.log}. */
  Path logPath(TaskId id) {
    return options.logFile(id);
  }

  void runStarted(List<? extends Task> roots) {
    List<String> names = new ArrayList<>();
    roots.forEach(t -> names.add(t.id().canonical()));
    emit(new RunStarted(runId, Instant.now(), options.commandLine(), version(), HostName.current(),
        ProcessHandle.current().pid(), options.runDirectory(), names, options.workers(),
        options.gpus()));
  }

  void graphResolved(GraphResolved event) {
    emit(event);
  }

  void graphGrew(GraphGrew event) {
    emit(event);
  }

  void task(TaskId id, TaskState state, int attempt, List<String> gpus, String message) {
    task(id, state, attempt, gpus, null, message);
  }

  void task(TaskId id, TaskState state, int attempt, List<String> gpus, Path log, String message) {
    task(id, state, attempt, gpus, log, message, ResourceUsage.NONE);
  }

  void task(TaskId id, TaskState state, int attempt, List<String> gpus, Path log, String message,
      ResourceUsage usage) {
    emit(new TaskEvent(id, state, attempt, Instant.now(), gpus, log, message, usage));
  }

  void itemPublished(dev.pipeline.engine.event.ItemPublished event) {
    emit(event);
  }

  void runFinished(RunSummary summary) {
    emit(new RunFinished(Instant.now(), summary));
  }

  /** Closes every listener once (a second call does nothing). */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (RunListener l : listeners) {
      try {
        l.close();
      } catch (RuntimeException e) {
        LOG.warn("listener {} failed to close: {}", l, e.toString());
      }
    }
  }

  private void emit(RunEvent event) {
    for (RunListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        // A broken display must not break the run.
        LOG.warn("listener {} failed on {}: {}", l, event.getClass().getSimpleName(), e.toString());
      }
    }
  }

  static String version() {
    String v = Events.class.getPackage().getImplementationVersion();
    return v != null ? v : "dev";
  }
}
