package dev.pipeline.engine.executor.grid;

import dev.pipeline.engine.executor.Termination;

/**
 * One job as the batch system reports it: a coarse phase plus the native state and reason for
 * messages ({@code TIMEOUT}, {@code DependencyNeverSatisfied}). A liveness hint only: whether the
 * job succeeded is decided by its exit-code file.
 */
public record QueueStatus(Phase phase, String nativeState, String reason, Termination termination) {
  /** Where a job is in its life, as far as the engine's polling cares. */
  public enum Phase {
    QUEUED,
    RUNNING,
    ENDED,
    /** Pending, but it can never start (e.g. its dependency failed): the engine cancels it. */
    STUCK
  }

  public QueueStatus {
    termination = termination == null ? Termination.NONE : termination;
    reason = reason == null || reason.isBlank() || reason.equals("None") ? null : reason.strip();
  }

  public static QueueStatus of(Phase phase, String nativeState) {
    return new QueueStatus(phase, nativeState, null, Termination.NONE);
  }

  /** {@code TIMEOUT} or {@code PENDING (DependencyNeverSatisfied)}. */
  public String describe() {
    return reason == null ? nativeState : nativeState + " (" + reason + ")";
  }
}
