package dev.pipeline.api.error;

/** Process exit codes. Every front end maps outcomes through this table; the README documents it. */
public enum ExitCode {
  /** Everything requested is complete. */
  OK(0),
  /** A bug or an unexpected environment failure inside pipeline itself. */
  INTERNAL(1),
  /** Bad command line, bad configuration, unknown task family or parameter. */
  USAGE(2),
  /** At least one task failed (after its retries) or could not run because a requirement failed. */
  TASK_FAILED(3),
  /** The requested graph contains a dependency cycle; nothing ran. */
  CYCLE(4),
  /** The run was stopped by Ctrl-C or SIGTERM. */
  INTERRUPTED(130);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
