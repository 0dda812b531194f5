package dev.pipeline.engine.executor;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where external jobs run: local processes, SLURM, HTCondor, Kubernetes. One contract for all:
 * submit, poll every live job in one bulk call, kill, re-attach after an engine restart. How a job
 * ended comes from the job-side wrapper's exit-code file ({@link JobSpec#exitCodeFile()}), whose
 * word beats the backend's state; a backend whose own exit code is authoritative (the kubelet's
 * for a Kubernetes pod, which shares no file system with the engine) gets no exit-code file and
 * reports the code itself.
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

  /**
   * A handle for a job an earlier engine process submitted, from what its job record kept: the id
   * and {@link JobHandle#location()}. The next poll says whether the job is still there.
   */
  default JobHandle reattach(String jobId, String location, JobSpec spec) throws IOException {
    throw new IOException(name() + " jobs do not outlive the engine; job " + jobId + " is gone");
  }

  /** The jobs among {@code jobs} still waiting to start at the last poll (fail-fast cancels them). */
  default List<JobHandle> queuedAmong(Collection<? extends JobHandle> jobs) {
    return List.of();
  }

  /** How long to wait between bulk polls. */
  default Duration pollInterval() {
    return Duration.ofSeconds(5);
  }

  @Override
  default void close() {}
}
