package dev.pipeline.engine.remote;

import dev.pipeline.engine.model.TaskFamily;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskFailedException;
import dev.pipeline.engine.command.ConfiguredCommand;
import dev.pipeline.engine.executor.JobSpec;
import dev.pipeline.engine.executor.k8s.KubernetesExecutor;
import dev.pipeline.engine.model.ParameterSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a Kubernetes pod runs for one task: the family's cfg command, its outputs at their s3://
 * locations, or else the task itself through the launcher in the image ({@code pipeline run
 * FAMILY --param value ...}; its requirements are complete on S3, so only this task runs there).
 * A pod shares no file system with the engine: no cfg, run directory or result file is passed,
 * and the kubelet's exit code says how the attempt ended.
 *
 * @param launcher how the image starts {@code pipeline} ({@code [kubernetes] launcher})
 * @param runId labels every Job of this run
 */
public record PodCommandLine(List<String> launcher, String runId) {
  public PodCommandLine {
    launcher = List.copyOf(launcher);
  }

  /**
   * The Job of one attempt; {@code command} is the family's cfg command or null, {@code
   * runDirectory} resolves its relative paths.
   */
  public JobSpec job(Task task, ConfiguredCommand command, Path runDirectory, Path logFile)
      throws TaskFailedException {
    List<String> argv = command != null ? command.renderRemote(task, runDirectory, List.of())
        : launch(task);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PIPELINE_RUN_ID", runId);
    env.put("PIPELINE_TASK_ID", task.id().canonical());
    env.put("PIPELINE_TASK_DIGEST", task.id().digest());
    env.put("PIPELINE_FAMILY", TaskFamily.of(task).name());
    env.put(KubernetesExecutor.IN_POD, "1");
    String name = KubernetesExecutor.jobName(TaskFamily.of(task).name(), task.id().digest());
    return new JobSpec(name, argv, env, runDirectory, logFile, null, null);
  }

  private List<String> launch(Task task) {
    List<String> argv = new ArrayList<>(launcher);
    argv.add("run");
    argv.add(TaskFamily.of(task).name());
    for (ParameterSpec p : TaskFamily.of(task).parameters()) {
      if (p.get(task) != null) {
        argv.add("--" + p.name());
        argv.add(p.render(task));
      }
    }
    return argv;
  }
}
