package dev.pipeline.engine.scheduler;

import dev.pipeline.api.TaskFailedException;
import dev.pipeline.engine.command.CommandLookup;
import dev.pipeline.engine.model.TaskFamily;
import dev.pipeline.engine.executor.JobSpec;
import dev.pipeline.engine.executor.grid.GridExecutor;
import dev.pipeline.engine.executor.grid.PreparedSubmission;
import dev.pipeline.engine.executor.grid.Submission;
import dev.pipeline.api.Task;
import dev.pipeline.engine.executor.k8s.KubernetesExecutor;
import dev.pipeline.engine.executor.k8s.KubernetesExecutor.ManualJob;
import dev.pipeline.engine.remote.RemoteExecution;
import dev.pipeline.engine.remote.RemoteTaskSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster submissions a run would make for some tasks, written (job scripts, entry files,
 * submit descriptions, Job manifests) but not submitted, for the user to submit by hand. Each job
 * runs its task's first attempt exactly as a submission by the engine would; nobody follows the
 * jobs, so what they did is only visible in the tasks' outputs and logs.
 */
public final class ManualSubmissions {
  private ManualSubmissions() {}

  /** One prepared submission per array (tasks of one backend, family and resource shape). */
  public static List<PreparedSubmission> prepare(RemoteExecution remote, RunOptions options,
      List<? extends Task> tasks) throws IOException {
    List<Task> remoteTasks = new ArrayList<>();
    for (Task t : tasks) {
      if (!remote.isRemote(t) || remote.settings(t).executor().equals(RemoteExecution.KUBERNETES)) {
        throw new IllegalArgumentException(t.id() + " does not run on a batch system");
      }
      remoteTasks.add(t);
    }
    List<PreparedSubmission> out = new ArrayList<>();
    for (List<Task> array : RemoteJobs.arrays(remoteTasks, t -> t, remote::settings)) {
      RemoteTaskSettings settings = remote.settings(array.get(0));
      List<JobSpec> specs = new ArrayList<>();
      for (Task t : array) {
        specs.add(RemoteJobs.runTask(t, remote, options, 1, 0, options.logFile(t.id()), settings).spec());
      }
      GridExecutor grid = (GridExecutor) remote.executor(settings.executor());
      out.add(grid.prepare(new Submission(
          TaskFamily.of(array.get(0)).name(), specs, settings.resources(), settings.arrayParallelism())));
    }
    return out;
  }

  /**
   * One Job manifest per task, as the engine would submit it, except that every Job reads the S3
   * credentials from {@code secret}, a Secret the user creates.
   */
  public static List<ManualJob> kubernetesJobs(RemoteExecution remote, RunOptions options,
      List<? extends Task> tasks, String secret) throws IOException, TaskFailedException {
    List<ManualJob> out = new ArrayList<>();
    CommandLookup commands = new CommandLookup();
    for (Task t : tasks) {
      RemoteTaskSettings settings = remote.settings(t);
      if (!settings.executor().equals(RemoteExecution.KUBERNETES)) {
        throw new IllegalArgumentException(t.id() + " does not run on Kubernetes");
      }
      KubernetesExecutor k8s = (KubernetesExecutor) remote.executor(RemoteExecution.KUBERNETES);
      JobSpec spec = RemoteJobs.build(t, remote, commands, options, 1, 0, options.logFile(t.id()),
          settings).spec();
      out.add(k8s.manual(spec, secret));
    }
    return out;
  }
}
