package dev.pipeline.engine.scheduler;

import dev.pipeline.engine.executor.ResourceUsage;

/**
 * How one attempt ended, as reported by a worker to the scheduler thread, with what it used
 * ({@link ResourceUsage#NONE} when nothing was measured).
 */
record Outcome(Kind kind, String message, boolean retryable, ResourceUsage usage) {
  enum Kind {
    /** run() returned and every output exists. */
    SUCCESS,
    /** Another process completed it first; run() was not called. */
    ALREADY_COMPLETE,
    FAILURE,
    INTERRUPTED
  }

  static final Outcome SUCCESS = new Outcome(Kind.SUCCESS, null, false);
  static final Outcome ALREADY_COMPLETE =
      new Outcome(Kind.ALREADY_COMPLETE, "completed by another process", false);

  Outcome {
    usage = usage == null ? ResourceUsage.NONE : usage;
  }

  Outcome(Kind kind, String message, boolean retryable) {
    this(kind, message, retryable, ResourceUsage.NONE);
  }

  static Outcome failure(String message, boolean retryable) {
    return new Outcome(Kind.FAILURE, message, retryable);
  }

  static Outcome interrupted() {
    return new Outcome(Kind.INTERRUPTED, "interrupted", false);
  }

  Outcome withUsage(ResourceUsage used) {
    return new Outcome(kind, message, retryable, used);
  }
}
