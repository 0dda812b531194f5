package dev.pipeline.engine.executor;

/**
 * A poll result; {@code exitCode} is known once the wrapper wrote it. {@code termination} says why
 * a cluster job ended when the batch system knows (wall time, cancellation, node failure).
 */
public record JobStatus(JobState state, Integer exitCode, String detail, Termination termination) {
  public static final JobStatus QUEUED = new JobStatus(JobState.QUEUED, null, null);
  public static final JobStatus RUNNING = new JobStatus(JobState.RUNNING, null, null);

  public JobStatus {
    termination = termination == null ? Termination.NONE : termination;
  }

  public JobStatus(JobState state, Integer exitCode, String detail) {
    this(state, exitCode, detail, Termination.NONE);
  }

  public static JobStatus exited(int code) {
    return new JobStatus(code == 0 ? JobState.SUCCEEDED : JobState.FAILED, code, null);
  }

  public static JobStatus lost(String detail) {
    return new JobStatus(JobState.LOST, null, detail);
  }
}
