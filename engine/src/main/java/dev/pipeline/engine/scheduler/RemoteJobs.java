package dev.pipeline.engine.scheduler;

import dev.pipeline.api.TaskFailedException;
import dev.pipeline.engine.command.CommandLookup;
import dev.pipeline.engine.command.ConfiguredCommand;
import dev.pipeline.engine.model.TaskFamily;
import dev.pipeline.engine.executor.JobSpec;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.TaskId;
import dev.pipeline.engine.remote.RemoteExecution;
import dev.pipeline.engine.remote.RemoteTaskSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a cluster attempt submits (its job: the {@code run-task} command line, environment, exit
 * and result files; for Kubernetes the pod's command) and how jobs that go out together are grouped into arrays. Shared by the
 * engine's own submissions and by {@link ManualSubmissions}, so both write the same jobs.
 */
final class RemoteJobs {
  /**
   * A job and the file where {@code run-task} reports how the attempt ended (null for a pod, which
   * cannot write to the engine's file system).
   */
  record Built(JobSpec spec, Path resultFile) {}

  private RemoteJobs() {}

  /** {@code commands}: the run's cfg commands, one of which a pod may run instead of the task. */
  static Built build(Task task, RemoteExecution remote, CommandLookup commands, RunOptions options,
      int attempt, int restarts, Path logFile, RemoteTaskSettings settings)
      throws IOException, TaskFailedException {
    if (settings.executor().equals(RemoteExecution.KUBERNETES)) {
      ConfiguredCommand command = commands.forTask(task).orElse(null);
      return new Built(remote.podCommandLine().job(task, command, options.runDirectory(), logFile), null);
    }
    return runTask(task, remote, options, attempt, restarts, logFile, settings);
  }

  /** A batch job: {@code run-task} on a node that shares the run directory. */
  static Built runTask(Task task, RemoteExecution remote, RunOptions options, int attempt,
      int restarts, Path logFile, RemoteTaskSettings settings) throws IOException {
    TaskId id = task.id();
    Path dir = options.stateDirectory().resolve("jobs").resolve("tasks")
        .resolve(id.family() + "-" + id.digest());
    String stem = "attempt" + attempt + "-r" + restarts;
    Path exit = dir.resolve(stem + ".exitcode");
    Path resultFile = dir.resolve(stem + ".result.json");
    Files.createDirectories(dir);
    Files.deleteIfExists(resultFile);
    Path checkpoints = TaskContext.checkpointDirectory(options.runDirectory(), id);
    if (settings.maxRestarts() > 0) {
      Files.createDirectories(checkpoints); // a restartable task will want it
    }
    Map<String, String> env = new HashMap<>(options.environment());
    env.put("PIPELINE_RESTART_COUNT", Integer.toString(restarts));
    env.put("PIPELINE_CHECKPOINT_DIR", checkpoints.toString());
    env.put("PIPELINE_ATTEMPT", Integer.toString(attempt));
    List<String> argv = remote.commandLine().argv(task, attempt, resultFile);
    return new Built(new JobSpec(id.family(), argv, env, options.runDirectory(), logFile, exit, null),
        resultFile);
  }

  /**
   * Groups jobs by backend, family, resources and array parallelism (one array each), and splits
   * groups larger than the backend's {@code max_array_size}.
   */
  static <J> List<List<J>> arrays(List<J> jobs, Function<J, Task> task,
      Function<J, RemoteTaskSettings> settings) {
    Map<List<Object>, List<J>> groups = new LinkedHashMap<>();
    for (J j : jobs) {
      RemoteTaskSettings s = settings.apply(j);
      List<Object> key = List.of(s.executor(), TaskFamily.of(task.apply(j)).name(), s.resources(),
          s.arrayParallelism());
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(j);
    }
    List<List<J>> out = new ArrayList<>();
    for (List<J> group : groups.values()) {
      int max = Math.max(1, settings.apply(group.get(0)).maxArraySize());
      for (int i = 0; i < group.size(); i += max) {
        out.add(group.subList(i, Math.min(group.size(), i + max)));
      }
    }
    return out;
  }
}
