package dev.pipeline.engine.executor;

/** A submitted job as its executor knows it. */
public interface JobHandle {
  /** The backend's id: a PID, a SLURM job id, a Kubernetes Job name. */
  String jobId();

  JobSpec spec();
}
