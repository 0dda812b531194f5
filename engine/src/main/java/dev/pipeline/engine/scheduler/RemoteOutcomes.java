package dev.pipeline.engine.scheduler;

import dev.pipeline.engine.executor.JobStatus;
import dev.pipeline.engine.executor.Termination;
import dev.pipeline.engine.remote.AttemptResult;
import dev.pipeline.engine.remote.RemoteExecution;
import dev.pipeline.engine.scheduler.RemoteAttempts.Job;
import dev.pipeline.api.targets.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a cluster job's final status becomes an attempt's outcome: success needs the outputs to be
 * visible here too; a failure reports the task's own message (from run-task's result file) when
 * the job ended on its own, or what the batch system did to it otherwise.
 */
final class RemoteOutcomes {
  private RemoteOutcomes() {}

  static Outcome succeeded(Job j) {
    List<String> missing = new ArrayList<>();
    for (Target t : j.task.outputs()) {
      if (!t.exists()) {
        missing.add(t.uri());
      }
    }
    if (missing.isEmpty()) {
      return Outcome.SUCCESS;
    }
    if (j.settings.executor().equals(RemoteExecution.KUBERNETES)) {
      return Outcome.failure("the Kubernetes Job " + j.handle.jobId() + " succeeded but "
          + String.join(", ", missing) + " does not exist here: a pod writes to its own file"
          + " system, so put the output on s3:// or on a volume that [kubernetes] job_template"
          + " mounts", false);
    }
    return Outcome.failure(executorName(j) + " job "
        + j.handle.jobId() + " succeeded but " + String.join(", ", missing)
        + " is not visible here (is the output on a file system the engine shares?)", true);
  }

  static Outcome failed(Job j, JobStatus status) {
    Optional<AttemptResult> result = j.resultFile == null ? Optional.empty()
        : AttemptResult.read(j.resultFile);
    String where = " (" + executorName(j) + " job " + j.handle.jobId() + "; log " + j.context.logFile() + ")";
    if (status.termination() == Termination.TIME_LIMIT) {
      return Outcome.failure(status.detail() + ": killed at its wall time after "
          + j.restarts + " restart(s) (max_restarts = " + j.settings.maxRestarts() + ")" + where, true);
    }
    if (result.isPresent() && "FAILURE".equals(result.get().outcome())
        && status.termination() == Termination.NONE) {
      return Outcome.failure(result.get().message() + where, result.get().retryable());
    }
    String detail = status.detail() != null ? status.detail()
        : "exited with code " + status.exitCode();
    return Outcome.failure(detail + where, status.exitCode() == null || status.exitCode() != 2);
  }

  static String executorName(Job j) {
    return switch (j.settings.executor()) {
      case "slurm" -> "SLURM";
      case "condor" -> "HTCondor";
      case "lsf" -> "LSF";
      case "pbs" -> "PBS";
      case RemoteExecution.KUBERNETES -> "Kubernetes";
      default -> j.settings.executor();
    };
  }
}
