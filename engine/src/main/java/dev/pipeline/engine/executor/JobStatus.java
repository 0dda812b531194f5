package dev.pipeline.engine.executor;

/** A poll result; {@code exitCode} is known once the wrapper wrote it. */
public record JobStatus(JobState state, Integer exitCode, String detail) {
  public static final JobStatus QUEUED = new JobStatus(JobState.QUEUED, null, null);
  public static final JobStatus RUNNING = new JobStatus(JobState.RUNNING, null, null);

  public static JobStatus exited(int code) {
    return new JobStatus(code == 0 ? JobState.SUCCEEDED : JobState.FAILED, code, null);
  }

  public static JobStatus lost(String detail) {
    return new JobStatus(JobState.LOST, null, detail);
  }
}
