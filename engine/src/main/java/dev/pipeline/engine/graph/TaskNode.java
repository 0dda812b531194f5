package dev.pipeline.engine.graph;

import dev.pipeline.api.Task;

/** A vertex of the run's graph: one task, numbered in discovery order. Identity equality. */
public final class TaskNode {
  private final Task task;
  private final int index;
  private final boolean completeAtStart;

  TaskNode(Task task, int index, boolean completeAtStart) {
    this.task = task;
    this.index = index;
    this.completeAtStart = completeAtStart;
  }

  public Task task() {
    return task;
  }

  /** Dense index, usable for per-node arrays. */
  public int index() {
    return index;
  }

  /** Its outputs existed when the graph was built; its requirements were not explored. */
  public boolean completeAtStart() {
    return completeAtStart;
  }

  @Override
  public String toString() {
    return task.toString();
  }
}
