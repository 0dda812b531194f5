package dev.pipeline.cli;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.engine.launch.RunOptionsBuilder;
import dev.pipeline.engine.launch.RunSetup;
import dev.pipeline.engine.model.TaskRegistry;
import dev.pipeline.engine.remote.AttemptResult;
import dev.pipeline.engine.scheduler.RunOptions;
import dev.pipeline.engine.scheduler.SingleAttempt;
import java.nio.file.Path;
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

/**
 * {@code pipeline run-task FAMILY [--param value ...]}: one attempt of one task, here, without its
 * requirements (they must be complete). What a SLURM or HTCondor job runs; hidden from help.
 */
@Command(
    name = "run-task",
    hidden = true,
    mixinStandardHelpOptions = true,
    description = "Run one attempt of one task here; its requirements must be complete (cluster jobs"
        + " run this).")
final class RunTaskCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "FAMILY", description = "Task family.")
  String family;

  @Option(names = "--attempt", paramLabel = "N", defaultValue = "1",
      description = "The engine's attempt number (for the log).")
  int attempt;

  @Option(names = "--result-file", paramLabel = "FILE",
      description = "Where to write how the attempt ended (JSON), for the submitting engine.")
  Path resultFile;

  @Unmatched List<String> taskArguments = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    TaskRegistry registry = common.registry();
    AmbiguousOptions.check(spec, registry, family);
    RunSetup setup = RunSetup.prepare(registry, family, taskArguments, common.configFile(),
        System.getenv());
    RunOptions options = new RunOptionsBuilder(setup)
        .runDirectory(common.runDirectory(setup))
        .journal(false)
        .build();
    SingleAttempt.Result result;
    result = new SingleAttempt(setup.root(), options, attempt, System.getenv())
        .handleSignals().run();
    if (resultFile != null) {
      new AttemptResult(result.outcome(), result.message(), result.retryable()).write(resultFile);
    }
    if (result.exitCode() != ExitCode.OK) {
      spec.commandLine().getErr().println("error: " + result.message());
    }
    return result.exitCode().code();
  }
}
