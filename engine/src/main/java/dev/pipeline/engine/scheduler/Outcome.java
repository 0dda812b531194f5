package dev.pipeline.engine.scheduler;

/** How one attempt ended, as reported by a worker to the scheduler thread. */
record Outcome(Kind kind, String message, boolean retryable) {
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

  static Outcome failure(String message, boolean retryable) {
    return new Outcome(Kind.FAILURE, message, retryable);
  }

  static Outcome interrupted() {
    return new Outcome(Kind.INTERRUPTED, "interrupted", false);
  }
}
