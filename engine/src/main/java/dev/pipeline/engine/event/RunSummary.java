package dev.pipeline.engine.event;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.api.TaskId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Counts by final state, the failures with their logs, the exit code that follows, and why the
 * run stopped before its end ({@code stopped}, null when it did not: e.g. a journal that could not
 * be written).
 */
public record RunSummary(Map<TaskState, Integer> counts, List<Failure> failures,
    ExitCode exitCode, Duration wall, String stopped) {

  public RunSummary {
    counts = Map.copyOf(counts);
    failures = List.copyOf(failures);
  }

  public RunSummary(
      Map<TaskState, Integer> counts, List<Failure> failures, ExitCode exitCode, Duration wall) {
    this(counts, failures, exitCode, wall, null);
  }

  /** This summary of a run stopped for {@code reason}: never a success. */
  public RunSummary stopped(String reason) {
    ExitCode code = exitCode == ExitCode.OK ? ExitCode.TASK_FAILED : exitCode;
    return new RunSummary(counts, failures, code, wall, reason);
  }

  public int count(TaskState state) {
    return counts.getOrDefault(state, 0);
  }

  /** A failed task, the last attempt's log, and the reason in one line. */
  public record Failure(TaskId task, Path log, String message) {}
}
