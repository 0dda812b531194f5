package dev.pipeline.engine.scheduler;

import dev.pipeline.api.Task;
import java.util.List;

/**
 * A check of what a run will need, made after the graph is built and before anything runs
 * (preflight): it sees the tasks that will run and fails with every problem at once.
 */
@FunctionalInterface
public interface RunCheck {
  RunCheck NONE = tasks -> {};

  /** @throws dev.pipeline.api.error.UsageException listing every problem, one line each */
  void check(List<Task> toRun);
}
