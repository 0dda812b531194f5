package dev.pipeline.api.targets;

import java.io.IOException;

/**
 * Something a task produces. A task is complete when all its targets exist. Implementations must
 * make a target appear atomically: it either does not exist or holds complete data.
 */
public interface Target {
  /** Whether the complete output is present. */
  boolean exists();

  /** Where it lives, for people and the journal: {@code /abs/path}, {@code s3://b/k}, {@code mem:k}. */
  String uri();

  /** Removes the output if present; a no-op when it is absent. */
  void remove() throws IOException;

  /**
   * The store that can check many of these targets at once (one listing per prefix instead of one
   * call per target). The scheduler groups targets by store before checking completeness.
   */
  TargetStore store();

  /**
   * A short text that changes whenever the output's content does, cheap to compute (size and
   * modification time of a file, an S3 ETag): the engine records it for the inputs of every task
   * it runs, so that a replaced input makes its dependents stale. Null when the output is absent
   * or the target type cannot tell (then a change goes unnoticed, as before provenance).
   */
  default String fingerprint() {
    return null;
  }
}
