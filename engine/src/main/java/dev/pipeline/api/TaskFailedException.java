package dev.pipeline.api;

/** A task attempt failed in a way its run() wants reported with this message. */
public class TaskFailedException extends Exception {
  private final boolean retryable;

  public TaskFailedException(String message) {
    this(message, true);
  }

  public TaskFailedException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  public TaskFailedException(String message, Throwable cause) {
    super(message, cause);
    this.retryable = true;
  }

  /** False for failures that another attempt cannot fix (bad input data); retries are skipped. */
  public boolean retryable() {
    return retryable;
  }
}
