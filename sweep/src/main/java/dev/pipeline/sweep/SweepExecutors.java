package dev.pipeline.sweep;

import dev.pipeline.api.error.UsageException;
import dev.pipeline.engine.launch.RemoteSetup;
import dev.pipeline.engine.launch.RunSetup;
import dev.pipeline.engine.model.TaskRegistry;
import dev.pipeline.engine.remote.RemoteExecution;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where the points of one invocation run, decided as for any family: {@code [SweepPoint]
 * executor} (or {@code [sweep.SweepPoint]}) in the cfg over {@code --executor} over {@code [core] executor} over {@code local}.
 * Every executor is one of the engine's: SLURM and HTCondor points go out as one job array of
 * ready points, each job running {@code pipeline run-task sweep.SweepPoint --plan ... --name ...};
 * Kubernetes points as a Job each. Job settings come from {@code [SweepPoint]} over {@code
 * [slurm]} / {@code [condor]}, a Job's from {@code [kubernetes]}.
 */
final class SweepExecutors implements AutoCloseable {
  static final String FAMILY = "sweep.SweepPoint";

  private final RemoteExecution remote;
  private final boolean configured;
  private final Map<String, String> environment;

  private SweepExecutors(RemoteExecution remote, boolean configured, Map<String, String> environment) {
    this.remote = remote;
    this.configured = configured;
    this.environment = Map.copyOf(environment);
  }

  /** The named executor, checked; null when none was named. */
  static String name(SweepExecution execution) {
    if (execution.executor() == null) {
      return null;
    }
    String name = execution.executor().strip().toLowerCase(Locale.ROOT);
    if (!RemoteExecution.EXECUTORS.contains(name)) {
      throw new UsageException("--executor " + execution.executor() + ": unknown executor (known: "
          + String.join(", ", RemoteExecution.EXECUTORS) + ")");
    }
    return name;
  }

  static SweepExecutors create(SweepExecution execution, SweepInvocation invocation, Path runDirectory) {
    String name = name(execution);
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.putAll(invocation.environment());
    if (invocation.config() == null && (name == null || name.equals("local"))) {
      return new SweepExecutors(RemoteExecution.localOnly(), false, environment);
    }
    TaskRegistry registry = invocation.registry() != null ? invocation.registry()
        : TaskRegistry.discover(SweepExecutors.class.getClassLoader());
    RunSetup setup = RunSetup.withoutRoot(registry, invocation.config(), environment);
    RemoteExecution remote = RemoteSetup.create(setup, name, runDirectory, invocation.launcher(),
        RemoteSetup.classpathArgument(invocation.classpath()), environment);
    return new SweepExecutors(remote, true, environment);
  }

  /** Whether the points' environment holds this variable (set and not blank). */
  boolean hasVariable(String name) {
    String value = environment.get(name);
    return value != null && !value.isBlank();
  }

  RemoteExecution remote() {
    return remote;
  }

  /** Whether points may run outside this process (then they are frozen to a plan file). */
  boolean mayRunElsewhere() {
    return configured;
  }

  /** The executor that runs this point outside this process, or null when it runs here. */
  String elsewhere(SweepPoint point) {
    return remote.isRemote(point) ? remote.settings(point).executor() : null;
  }

  @Override
  public void close() {
    remote.close();
  }
}
