package dev.pipeline.engine.executor;

import java.io.IOException;
import java.util.Collection;
import java.util.Map;

/**
 * Where external jobs run: local processes, SLURM, HTCondor, Kubernetes. One contract for all:
 * submit, poll every live job in one bulk call, kill. Every job runs under the job-side wrapper,
 * whose exit-code file is the source of truth; the backend's own state is a liveness hint.
 */
public interface Executor extends AutoCloseable {
  /** Short name used in cfg ({@code executor = local}) and logs. */
  String name();

  JobHandle submit(JobSpec spec) throws IOException;

  /**
   * Status of every given job from one query of the backend (one {@code squeue}, one list call).
   * Implementations read the exit-code file for jobs the backend no longer knows.
   */
  Map<JobHandle, JobStatus> poll(Collection<JobHandle> jobs);

  /** Stops the jobs and everything they started; idempotent, never blocks for long. */
  void kill(Collection<JobHandle> jobs);

  /** How long to wait between bulk polls. */
  default java.time.Duration pollInterval() {
    return java.time.Duration.ofSeconds(5);
  }

  @Override
  default void close() {}
}
