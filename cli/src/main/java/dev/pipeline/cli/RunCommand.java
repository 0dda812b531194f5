package dev.pipeline.cli;

import dev.pipeline.engine.model.RetryPolicy;
import dev.pipeline.engine.model.Task;
import dev.pipeline.engine.model.TaskArguments;
import dev.pipeline.engine.model.TaskFamily;
import dev.pipeline.engine.model.TaskRegistry;
import dev.pipeline.engine.report.ConsoleReporter;
import dev.pipeline.engine.scheduler.InterruptSignals;
import dev.pipeline.engine.scheduler.RunOptions;
import dev.pipeline.engine.scheduler.Scheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code pipeline run FAMILY [--param value ...]}: runs what is incomplete below that task. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run a task and every incomplete task it needs.",
    footer = "%nTask parameters follow the family: pipeline run Fan --n 1000 --out /tmp/fan")
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FAMILY", description = "Task family to run.")
  String family;

  @Option(names = "--workers", defaultValue = "1", description = "Tasks running at once (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--gpus", split = ",", paramLabel = "ID",
      description = "GPU pool, e.g. 0,1; repeat an id to share a GPU (0,0,1,1).")
  List<String> gpus = new ArrayList<>();

  @Option(names = "--resources", split = ",", paramLabel = "NAME=COUNT",
      description = "Named resource limits, e.g. db=2,net=4.")
  Map<String, Integer> resources = new LinkedHashMap<>();

  @Option(names = "--fail-fast", description = "Stop launching new tasks after the first failure.")
  boolean failFast;

  @Option(names = "--retries", defaultValue = "0", description = "Extra attempts for a failing task (default: ${DEFAULT-VALUE}).")
  int retries;

  @Option(names = "--retry-backoff", defaultValue = "10s", paramLabel = "DURATION",
      description = "Wait before the first retry, doubling after (default: ${DEFAULT-VALUE}).")
  String retryBackoff;

  @Option(names = "--run-dir", defaultValue = "${env:PIPELINE_RUN_DIR:-.}", paramLabel = "DIR",
      description = "Where .pipeline/ (journal, logs, claims) lives (default: $PIPELINE_RUN_DIR or .).")
  Path runDirectory;

  @Option(names = "--no-journal", description = "Do not write .pipeline/journal.jsonl.")
  boolean noJournal;

  @Option(names = "--stacktrace", description = "Print stack traces of errors.")
  boolean stacktrace;

  @Unmatched List<String> taskArguments = new ArrayList<>();

  @Override
  public Integer call() {
    TaskRegistry registry = TaskRegistry.discover(Thread.currentThread().getContextClassLoader());
    TaskFamily taskFamily = registry.family(family);
    Task root = taskFamily.instantiate(TaskArguments.parse(taskFamily, taskArguments));
    RetryPolicy retry = retries == 0 ? RetryPolicy.NONE
        : RetryPolicy.attempts(retries + 1, CliValues.duration("--retry-backoff", retryBackoff));
    RunOptions options = RunOptions.defaults(runDirectory)
        .withWorkers(CliValues.positive("--workers", workers))
        .withGpus(gpus)
        .withResources(resources)
        .withFailFast(failFast)
        .withDefaultRetry(retry)
        .withJournal(!noJournal)
        .withCommandLine(commandLine());
    Scheduler scheduler = new Scheduler(options)
        .listener(new ConsoleReporter(spec.commandLine().getOut(), System.console() != null));
    InterruptSignals.install(scheduler,
        () -> spec.commandLine().getErr().println("\ninterrupting: stopping running tasks (Ctrl-C again to exit at once)"));
    return scheduler.run(List.of(root)).exitCode().code();
  }

  private List<String> commandLine() {
    List<String> argv = new ArrayList<>(List.of("pipeline"));
    argv.addAll(spec.commandLine().getParseResult().originalArgs());
    return argv;
  }

  /** Parses of option values that picocli cannot type by itself. */
  static final class CliValues {
    private CliValues() {}

    static Duration duration(String option, String text) {
      try {
        return dev.pipeline.engine.config.ValueParsers.parseDuration(text);
      } catch (IllegalArgumentException e) {
        throw new dev.pipeline.engine.error.UsageException(option + ": got '" + text + "'; " + e.getMessage());
      }
    }

    static int positive(String option, int value) {
      if (value < 1) {
        throw new dev.pipeline.engine.error.UsageException(option + " must be at least 1, got " + value);
      }
      return value;
    }
  }
}
