package dev.pipeline.engine.executor.k8s;

import dev.pipeline.engine.executor.JobState;
import dev.pipeline.engine.executor.JobStatus;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;

/** Reads a Job's and a pod's status as the engine's {@link JobStatus}. */
final class JobStatuses {
  private JobStatuses() {}

  /** The final status of a Job, or null while it runs (honours backoffLimit and the deadline). */
  static JobStatus of(Job j) {
    var s = j.getStatus();
    if (s == null) {
      return null;
    }
    if (s.getConditions() != null) {
      for (JobCondition c : s.getConditions()) {
        if (!"True".equals(c.getStatus())) {
          continue;
        }
        if ("Complete".equals(c.getType()) || "SuccessCriteriaMet".equals(c.getType())) {
          return JobStatus.exited(0);
        }
        if ("Failed".equals(c.getType()) || "FailureTarget".equals(c.getType())) {
          return new JobStatus(JobState.FAILED, null, "Kubernetes Job failed: "
              + (c.getReason() == null ? "" : c.getReason())
              + (c.getMessage() == null ? "" : " (" + c.getMessage() + ")"));
        }
      }
    }
    if (s.getSucceeded() != null && s.getSucceeded() > 0 && (s.getActive() == null || s.getActive() == 0)) {
      return JobStatus.exited(0);
    }
    return null;
  }

  static Integer exitCode(Pod p) {
    if (p.getStatus() == null || p.getStatus().getContainerStatuses() == null) {
      return null;
    }
    for (ContainerStatus c : p.getStatus().getContainerStatuses()) {
      if (c.getState() != null && c.getState().getTerminated() != null) {
        return c.getState().getTerminated().getExitCode();
      }
    }
    return null;
  }
}
