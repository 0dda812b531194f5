package dev.pipeline.api.targets;

import java.io.IOException;

/**
 * A storage operation that failed for a reason outside the task's code: a store that cannot be
 * reached, that keeps failing after the retries, or that refuses the credentials. The message is
 * one line for the user (what, where, why, what to do) with no exception names; the engine fails
 * the task with it as it is, and the attempt may be retried.
 */
public class StorageFault extends IOException {
  public StorageFault(String message, Throwable cause) {
    super(message, cause);
  }
}
