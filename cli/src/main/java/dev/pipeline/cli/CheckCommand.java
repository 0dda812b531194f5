package dev.pipeline.cli;

import dev.pipeline.engine.launch.Launcher;
import dev.pipeline.engine.launch.PreflightSetup;
import dev.pipeline.engine.launch.RemoteSetup;
import dev.pipeline.engine.launch.RunOptionsBuilder;
import dev.pipeline.engine.launch.RunSetup;
import dev.pipeline.engine.model.TaskRegistry;
import dev.pipeline.engine.scheduler.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code pipeline check FAMILY [--param value ...]}: the preflight of a run, and nothing else. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {"Check what a run of this task would need, without running anything: sandbox"
        + " programs, images and environments, command programs, batch commands, S3 buckets,"
        + " the Kubernetes API server, [preflight] free_space and the GPU ids of --gpus.",
        "Exits 0 when nothing is wrong, 2 with every problem, one line each."},
    footer = {"%nTask parameters as for run: pipeline check Train --config run.cfg"})
final class CheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "FAMILY", description = "Task family.")
  String family;

  @Option(names = "--gpus", split = ",", paramLabel = "ID",
      description = "GPU pool the run would use, e.g. 0,1 (default: [core] gpus).")
  List<String> gpus;

  @Option(names = "--executor", paramLabel = "NAME",
      description = "Where tasks would run: local, slurm, condor, lsf, pbs or kubernetes.")
  String executor;

  @Unmatched List<String> taskArguments = new ArrayList<>();

  @Override
  public Integer call() {
    TaskRegistry registry = common.registry();
    AmbiguousOptions.check(spec, registry, family);
    RunSetup setup = RunSetup.prepare(registry, family, taskArguments, common.configFile(),
        common.environment(), executor);
    var options = new RunOptionsBuilder(setup)
        .runDirectory(common.runDirectory(setup))
        .gpus(gpus)
        .journal(false)
        .build()
        .withCaptureOutput(false);
    var remote = RemoteSetup.create(setup, executor, options.runDirectory(),
        Launcher.current(PipelineCli.class),
        RemoteSetup.runArguments(registry, family, taskArguments, common.classpath),
        common.environment());
    int toRun = new Scheduler(options).remote(remote)
        .check(PreflightSetup.create(setup, remote, options, true))
        .checkOnly(List.of(setup.root()));
    spec.commandLine().getOut().println("preflight: no problems; " + toRun
        + (toRun == 1 ? " task" : " tasks") + " would run");
    return 0;
  }
}
