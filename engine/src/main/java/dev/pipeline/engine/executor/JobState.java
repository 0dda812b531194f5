package dev.pipeline.engine.executor;

/** A job's lifecycle as the engine sees it. */
public enum JobState {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  /** The backend no longer knows the job and it left no exit-code file (killed, preempted). */
  LOST;

  public boolean isFinal() {
    return this == SUCCEEDED || this == FAILED || this == LOST;
  }
}
