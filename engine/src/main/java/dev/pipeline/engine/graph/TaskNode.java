package dev.pipeline.engine.graph;

import dev.pipeline.api.Task;

/** A vertex of the run's graph: one task, numbered in discovery order. Identity equality. */
public final class TaskNode {
  private final Task task;
  private final int index;
  private boolean completeAtStart;
  private String rerunReason;

  TaskNode(Task task, int index, Verdict verdict) {
    this.task = task;
    this.index = index;
    this.completeAtStart = verdict.complete();
    this.rerunReason = verdict.rerun() ? verdict.reason() : null;
  }

  public Task task() {
    return task;
  }

  /** Dense index, usable for per-node arrays. */
  public int index() {
    return index;
  }

  /**
   * Its outputs existed when the graph was built and may be used: nothing reruns it. Its
   * requirements were explored only when its provenance was checked (they may be stale).
   */
  public boolean completeAtStart() {
    return completeAtStart;
  }

  /**
   * Why a task whose outputs all exist runs again ({@code stale: ...}, {@code forced}, {@code
   * upstream X reran}), or null: the engine removes such outputs just before the task starts.
   */
  public String rerunReason() {
    return rerunReason;
  }

  /** Something upstream of this complete task reruns, so it must too. */
  void rerunBecause(String reason) {
    completeAtStart = false;
    rerunReason = reason;
  }

  @Override
  public String toString() {
    return task.toString();
  }
}
