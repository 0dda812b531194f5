package dev.pipeline.engine.event;

/** Where a task stands within one run. */
public enum TaskState {
  /** Waiting for requirements. */
  PENDING,
  /** Its outputs existed when the run looked; nothing to do. */
  COMPLETE,
  /** Another engine process holds this task's claim; waiting for it to finish. */
  WAITING_ELSEWHERE,
  /** Requirements done; waiting for a worker, GPUs or resources. */
  READY,
  RUNNING,
  /** An attempt failed; another follows after the backoff. */
  RETRYING,
  /** Ran in this run and produced its outputs. */
  DONE,
  FAILED,
  /** Not run because a requirement failed. */
  UPSTREAM_FAILED,
  /** Not started because the run stopped early (fail-fast or interruption). */
  NOT_RUN,
  /** Was running when the run was interrupted. */
  INTERRUPTED;

  public boolean isFinal() {
    return switch (this) {
      case COMPLETE, DONE, FAILED, UPSTREAM_FAILED, NOT_RUN, INTERRUPTED -> true;
      default -> false;
    };
  }

  public boolean isSuccess() {
    return this == COMPLETE || this == DONE;
  }
}
