package dev.pipeline.engine.preflight;

import dev.pipeline.api.Task;
import dev.pipeline.engine.command.CommandLookup;
import dev.pipeline.engine.command.ConfiguredCommand;
import dev.pipeline.engine.run.BuiltinSettings;
import dev.pipeline.engine.run.GridSettings;
import dev.pipeline.engine.run.PreflightSettings;
import dev.pipeline.engine.scheduler.RunCheck;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Before anything runs, checks what the tasks that will run need and reports every problem at
 * once, one line each (exit 2): sandbox programs, images, venvs and conda environments, command
 * programs, the batch system's commands, the S3 buckets, the Kubernetes API server, declared
 * free space and the GPU ids of the pool. {@code pipeline check} runs it alone.
 */
public final class Preflight implements RunCheck {
  /** Where each task runs ({@code local}, {@code slurm}, ...) and the Kubernetes client. */
  public record Placement(Function<Task, String> executorFor,
      Supplier<KubernetesClient> kubernetes, String namespace) {}

  private final BuiltinSettings settings;
  private final PreflightSettings preflight;
  private final Placement placement;
  private final Path runDirectory;
  private final List<String> gpus;
  private final HostTools tools;

  public Preflight(BuiltinSettings settings, PreflightSettings preflight, Placement placement,
      Path runDirectory, List<String> gpus) {
    this(settings, preflight, placement, runDirectory, gpus, HostTools.current());
  }

  Preflight(BuiltinSettings settings, PreflightSettings preflight, Placement placement,
      Path runDirectory, List<String> gpus, HostTools tools) {
    this.settings = settings;
    this.preflight = preflight;
    this.placement = placement;
    this.runDirectory = runDirectory;
    this.gpus = List.copyOf(gpus);
    this.tools = tools;
  }

  @Override
  public void check(List<Task> toRun) {
    Problems problems = new Problems();
    CommandLookup commands = new CommandLookup();
    SandboxChecks sandboxes = new SandboxChecks(tools, runDirectory);
    RemoteChecks remote = new RemoteChecks(preflight.timeout());
    boolean kubernetes = false;
    for (Task task : toRun) {
      String executor = placement.executorFor().apply(task);
      Optional<ConfiguredCommand> command = commands.forTask(task);
      if (executor.equals("local") && command.isPresent()) {
        sandboxes.check(task, command.get(), commands.settings(task), problems);
      } else if (executor.equals("slurm")) {
        requireBatchCommand("slurm", "sbatch", settings.slurm(), problems);
      } else if (executor.equals("condor")) {
        requireBatchCommand("condor", "condor_submit", settings.condor(), problems);
      }
      kubernetes |= executor.equals("kubernetes");
      remote.collect(task);
    }
    remote.checkBuckets(problems);
    if (kubernetes) {
      remote.checkKubernetes(placement.kubernetes(), placement.namespace(), problems);
    }
    MachineChecks.checkFreeSpace(preflight.freeSpace(), problems);
    MachineChecks.checkGpus(gpus, tools, problems);
    problems.throwIfAny();
  }

  private void requireBatchCommand(String section, String program, GridSettings grid,
      Problems problems) {
    Path binDir = grid.binDir();
    String where = binDir == null ? "the PATH" : binDir.toString();
    if (tools.find(binDir == null ? program : binDir.resolve(program).toString()).isEmpty()) {
      problems.add("executor " + section + ": " + program + " is not on " + where
          + "; install the batch system's client commands or set [" + section + "] bin_dir");
    }
  }
}
