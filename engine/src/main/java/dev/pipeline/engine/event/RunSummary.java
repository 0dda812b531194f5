package dev.pipeline.engine.event;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.api.TaskId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Counts by final state, the failures with their logs, and the exit code that follows. */
public record RunSummary(
    Map<TaskState, Integer> counts, List<Failure> failures, ExitCode exitCode, Duration wall) {

  public RunSummary {
    counts = Map.copyOf(counts);
    failures = List.copyOf(failures);
  }

  public int count(TaskState state) {
    return counts.getOrDefault(state, 0);
  }

  /** A failed task, the last attempt's log, and the reason in one line. */
  public record Failure(TaskId task, Path log, String message) {}
}
