package dev.pipeline.api.error;

/** Bad input from the user: an unknown family, a malformed parameter value, an impossible request. */
public class UsageException extends PipelineException {
  public UsageException(String message) {
    super(ExitCode.USAGE, message);
  }

  public UsageException(String message, Throwable cause) {
    super(ExitCode.USAGE, message, cause);
  }
}
