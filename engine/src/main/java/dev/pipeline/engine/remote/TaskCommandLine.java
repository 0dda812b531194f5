package dev.pipeline.engine.remote;

import dev.pipeline.engine.model.TaskFamily;
import dev.pipeline.engine.model.ParameterSpec;
import dev.pipeline.api.Task;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The command a cluster job runs: the {@code pipeline} launcher's hidden {@code run-task}
 * subcommand for exactly one task, with every parameter of the task written out (so code defaults
 * and the run's cfg cannot differ on the node), the run directory, the cfg, and the run-wide
 * arguments that decide how requirements are built ({@code --Family-param}, {@code --classpath}).
 *
 * @param launcher how to start {@code pipeline} on a node, e.g. {@code [/opt/pipeline/bin/pipeline]}
 *     or {@code [java, -jar, /shared/pipeline.jar]}
 * @param configFile the run's cfg (absolute), or null
 * @param runArguments added before the task's own parameters
 */
public record TaskCommandLine(List<String> launcher, Path runDirectory, Path configFile,
    List<String> runArguments) {

  public TaskCommandLine {
    launcher = List.copyOf(launcher);
    runArguments = List.copyOf(runArguments);
    runDirectory = runDirectory.toAbsolutePath().normalize();
    configFile = configFile == null ? null : configFile.toAbsolutePath().normalize();
  }

  public List<String> argv(Task task, int attempt, Path resultFile) {
    List<String> argv = new ArrayList<>(launcher);
    argv.add("run-task");
    argv.add(TaskFamily.of(task).name());
    argv.add("--run-dir=" + runDirectory);
    if (configFile != null) {
      argv.add("--config=" + configFile);
    }
    argv.add("--attempt=" + attempt);
    argv.add("--result-file=" + resultFile);
    argv.addAll(runArguments);
    argv.addAll(parameters(task));
    return argv;
  }

  /**
   * Options of {@code run-task} itself: a parameter spelled like one of them would be taken for
   * the option, so it is written {@code --Family-name=value} instead.
   */
  static final Set<String> RUN_TASK_OPTIONS = Set.of("config", "run-dir", "classpath",
      "stacktrace", "attempt", "result-file", "help", "version");

  /** {@code --name=value} for every parameter that has a value. */
  public static List<String> parameters(Task task) {
    List<String> out = new ArrayList<>();
    String family = TaskFamily.of(task).name();
    for (ParameterSpec p : TaskFamily.of(task).parameters()) {
      if (p.get(task) != null) {
        String option = RUN_TASK_OPTIONS.contains(p.name()) ? family + "-" + p.name() : p.name();
        out.add("--" + option + "=" + p.render(task));
      }
    }
    return out;
  }
}
