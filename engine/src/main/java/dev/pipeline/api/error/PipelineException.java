package dev.pipeline.api.error;

/**
 * Base of every error the engine reports to a user. The message is one line that names what was
 * wrong (file, line, key, task) and what to do; the exit code says how the process ends.
 */
public class PipelineException extends RuntimeException {
  private final ExitCode exitCode;

  public PipelineException(ExitCode exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public PipelineException(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
