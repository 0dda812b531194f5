package dev.pipeline.engine.inspect;

/**
 * Where a task stands between runs, as {@code pipeline status} shows it: from its targets first,
 * then from the journal. Ordered from best to worst; a collapsed group takes its worst member's.
 */
public enum TaskStatus {
  /** Every output exists (or, for a task without outputs, every requirement is complete). */
  COMPLETE("complete"),
  /**
   * Every output exists but a run would make them again: a rerun trigger fired (the detail says
   * what changed) or something it needs would run.
   */
  STALE("stale"),
  /** Incomplete; nothing recorded says why (never run, outputs removed, or interrupted). */
  INCOMPLETE("incomplete"),
  /** An engine process that is still alive recorded it as running. */
  RUNNING("running"),
  /** Incomplete and a requirement failed (or is upstream-failed): a run would skip it. */
  UPSTREAM_FAILED("upstream-failed"),
  /** Incomplete and its last attempt failed. */
  FAILED("failed");

  private final String label;

  TaskStatus(String label) {
    this.label = label;
  }

  /** The word printed for it: {@code complete}, {@code upstream-failed}, ... */
  public String label() {
    return label;
  }

  /** The order in which counts are listed. */
  static final TaskStatus[] LISTING_ORDER = {COMPLETE, STALE, RUNNING, INCOMPLETE, FAILED, UPSTREAM_FAILED};
}
