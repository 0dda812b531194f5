package dev.pipeline.api;

import java.util.OptionalInt;

/**
 * {@link TaskContext#exec} ran a command that failed: it exited with a code other than 0 (then
 * {@link #exitCode()} has it), or it timed out, was killed or lost (then it is empty).
 */
public class CommandFailedException extends TaskFailedException {
  private final Integer exitCode;

  public CommandFailedException(String message, Integer exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  /** The code the program exited with; empty when it did not end on its own. */
  public OptionalInt exitCode() {
    return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
  }
}
