package dev.pipeline.engine.executor;

/** A submitted job as its executor knows it. */
public interface JobHandle {
  /** The backend's id: a PID, a SLURM job id, a Kubernetes Job name. */
  String jobId();

  JobSpec spec();

  /**
   * Where the backend keeps the job besides its id, for {@link Executor#reattach}: a grid job's
   * submission directory, a Kubernetes Job's namespace; empty when the id says it all.
   */
  default String location() {
    return "";
  }
}
