package dev.pipeline.engine.inspect;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.api.error.PipelineException;
import dev.pipeline.engine.journal.HostName;
import dev.pipeline.engine.journal.JournalReader;
import dev.pipeline.engine.journal.JournalRecord;
import dev.pipeline.engine.journal.JournalWriter;
import dev.pipeline.api.TaskId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the journal of a run directory says about tasks: each task's latest record, and whether
 * the engine process that wrote it is still alive (its pid from the {@code run_started} record,
 * no {@code run_finished} since, and a process with that pid that started before the run did).
 */
public final class RunHistory {
  private static final RunHistory NONE = new RunHistory(Map.of(), Map.of(), Set.of(), "");

  private final Map<String, JournalRecord> latest;
  private final Map<String, JournalRecord> runs;
  private final Set<String> finished;
  private final String localHost;

  private RunHistory(Map<String, JournalRecord> latest, Map<String, JournalRecord> runs,
      Set<String> finished, String localHost) {
    this.latest = latest;
    this.runs = runs;
    this.finished = finished;
    this.localHost = localHost;
  }

  /** No journal: states come from targets alone. */
  public static RunHistory none() {
    return NONE;
  }

  /** Reads {@code .pipeline/journal.jsonl} of {@code runDirectory}; none when there is no journal. */
  public static RunHistory load(Path runDirectory) {
    Path file = JournalWriter.fileIn(runDirectory);
    if (!Files.exists(file)) {
      return NONE;
    }
    List<JournalRecord> records;
    try {
      records = JournalReader.read(file);
    } catch (IOException e) {
      throw new PipelineException(ExitCode.INTERNAL,
          "cannot read the journal " + file + ": " + e.getMessage(), e);
    }
    Map<String, JournalRecord> runs = new HashMap<>();
    Set<String> finished = new HashSet<>();
    for (JournalRecord r : records) {
      if ("run_started".equals(r.type())) {
        runs.put(r.run(), r);
      } else if ("run_finished".equals(r.type())) {
        finished.add(r.run());
      }
    }
    return new RunHistory(JournalReader.latestTaskStates(records), runs, finished, HostName.current());
  }

  /** The task's latest record across all runs, if it was ever recorded. */
  public Optional<JournalRecord> latest(TaskId id) {
    return Optional.ofNullable(latest.get(id.canonical()));
  }

  /** The {@code run_started} record of a run, if the journal has it. */
  Optional<JournalRecord> run(String runId) {
    return Optional.ofNullable(runs.get(runId));
  }

  /**
   * Whether the process of {@code runId} may still be running it. A run on another host cannot be
   * checked from here and counts as alive; {@link #onThisHost} tells the two apart.
   */
  boolean alive(String runId) {
    JournalRecord start = runs.get(runId);
    if (start == null || finished.contains(runId) || start.pid() == null) {
      return false;
    }
    if (!onThisHost(start)) {
      return true;
    }
    return ProcessHandle.of(start.pid())
        .filter(ProcessHandle::isAlive)
        .filter(p -> startedBy(p, start.time()))
        .isPresent();
  }

  /**
   * {@code run_started} records of runs on this host whose process is verifiably still running
   * them (runs elsewhere cannot be checked and are left out), in journal order.
   */
  public List<JournalRecord> liveRunsOnThisHost() {
    return runs.values().stream()
        .filter(r -> onThisHost(r) && alive(r.run()))
        .sorted(Comparator.comparing(r -> String.valueOf(r.time())))
        .toList();
  }

  boolean onThisHost(JournalRecord start) {
    return start.host() == null || start.host().equals(localHost);
  }

  /** False when the pid now belongs to a process started after the run (the pid was reused). */
  private static boolean startedBy(ProcessHandle process, String runTime) {
    Optional<Instant> started = process.info().startInstant();
    if (started.isEmpty() || runTime == null) {
      return true;
    }
    try {
      // Start times are rounded to clock ticks; allow a second.
      return !started.get().isAfter(Instant.parse(runTime).plusSeconds(1));
    } catch (DateTimeParseException e) {
      return true;
    }
  }
}
