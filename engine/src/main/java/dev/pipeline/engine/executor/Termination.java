package dev.pipeline.engine.executor;

/**
 * Why a cluster job ended, as the batch system tells it (its state, not the exit code): a job
 * killed at its wall time ends TIMEOUT with the signal's exit code, indistinguishable from a crash
 * by the code alone. {@link #NONE} for jobs that are still alive or ended on their own.
 */
public enum Termination {
  NONE,
  /** Killed at its wall time (SLURM TIMEOUT, HTCondor hold codes 46/47): resubmit to resume. */
  TIME_LIMIT,
  /** Cancelled (scancel, condor_rm) by us or someone else. */
  CANCELLED,
  /** The node failed or the job was preempted (SLURM NODE_FAIL, BOOT_FAIL, PREEMPTED). */
  NODE_FAILURE,
  /** Killed for using more memory than requested (SLURM OUT_OF_MEMORY). */
  OUT_OF_MEMORY,
  /** It would never start (unsatisfiable dependency or request); the engine cancelled it. */
  NEVER_STARTED
}
