package dev.pipeline.cli;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.engine.graph.TaskGraph;
import dev.pipeline.engine.inspect.DryRun;
import dev.pipeline.engine.launch.Launcher;
import dev.pipeline.engine.launch.RerunOptions;
import dev.pipeline.engine.launch.PreflightSetup;
import dev.pipeline.engine.launch.RemoteSetup;
import dev.pipeline.engine.launch.RunDirectories;
import dev.pipeline.engine.launch.RunOptionsBuilder;
import dev.pipeline.engine.launch.RunSetup;
import dev.pipeline.engine.notify.Notifications;
import dev.pipeline.engine.model.TaskRegistry;
import dev.pipeline.engine.provenance.RerunPolicy;
import dev.pipeline.engine.report.ConsoleReporter;
import dev.pipeline.engine.report.ProgressMode;
import dev.pipeline.engine.scheduler.InterruptSignals;
import dev.pipeline.engine.scheduler.Scheduler;
import dev.pipeline.engine.web.RunViews;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Stack;
import java.util.concurrent.Callable;
import dev.pipeline.engine.web.UiOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code pipeline run FAMILY [--param value ...]}: runs what is incomplete below that task. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Run a task and every incomplete task it needs.",
    footer = {"%nTask parameters follow the family: pipeline run Fan --n 1000 --out /tmp/fan",
        "Any family's parameter: --Family-param value (e.g. --FanLeaf-out /tmp/x).",
        "Precedence: command line > PIPELINE__FAMILY__PARAM > cfg [Family] > code default."})
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "FAMILY", description = "Task family to run.")
  String family;

  @Option(names = "--workers", paramLabel = "N",
      description = "Tasks running at once (default: [core] workers or 1).")
  Integer workers;

  @Option(names = "--gpus", split = ",", paramLabel = "ID",
      description = "GPU pool, e.g. 0,1; repeat an id to share a GPU (0,0,1,1).")
  List<String> gpus;

  @Option(names = "--resources", split = ",", paramLabel = "NAME=COUNT",
      description = "Named resource limits, e.g. db=2,net=4 (adds to [resources]).")
  Map<String, Integer> resources;

  @Option(names = "--fail-fast", description = "Stop launching new tasks after the first failure.")
  Boolean failFast;

  @Option(names = "--retries", paramLabel = "N",
      description = "Extra attempts for a failing task (default: [core] retries or 0).")
  Integer retries;

  @Option(names = "--retry-backoff", paramLabel = "DURATION",
      description = "Wait before the first retry, doubling after (default: 10s).")
  String retryBackoff;

  @Option(names = "--cpu-fallback",
      description = "Without GPUs (an empty --gpus pool), run tasks that ask for GPUs on CPU instead of refusing.")
  boolean cpuFallback;

  @Option(names = "--no-journal", description = "Do not write .pipeline/journal.jsonl.")
  boolean noJournal;

  @Option(names = "--progress", paramLabel = "MODE",
      description = "auto: a live bar on a terminal, plain lines otherwise (default); bar: plain"
          + " lines on stdout and the bar on the terminal (for output copied to a log); lines.")
  ProgressMode progress = ProgressMode.AUTO;

  @Option(names = "--executor", paramLabel = "NAME",
      description = "Where tasks run: local (default), slurm, condor, lsf, pbs or kubernetes ([core] executor); a"
          + " family's own [Family] executor wins.")
  String executor;

  @Option(names = "--rerun-triggers", paramLabel = "LIST",
      description = "What makes existing outputs stale and rerun them with everything downstream:"
          + " params, input, version (any of them, comma-separated) or none (default: [core]"
          + " rerun_triggers or all three).")
  String rerunTriggers;

  @Option(names = {"-n", "--dry-run"},
      description = "Print every task that would run and why (missing, stale, forced, upstream);"
          + " change nothing.")
  boolean dryRun;

  @Option(names = "--force", description = "Rerun the task given (and what is downstream of it).")
  boolean force;

  @Option(names = "--force-families", split = ",", paramLabel = "FAMILY",
      description = "Rerun every task of these families and everything downstream, e.g. Train,Export.")
  List<String> forceFamilies;

  @Option(names = "--ui", arity = "0..1", paramLabel = "PORT",
      parameterConsumer = UiPortConsumer.class,
      description = "Serve a live web page of this run on 127.0.0.1:PORT (default 8765; 0: any"
          + " free port) while it runs; read-only.")
  Integer uiPort;

  @Option(names = "--report", paramLabel = "FILE",
      description = "At the end, write a self-contained HTML report to FILE and trace.tsv beside it.")
  Path report;

  @Unmatched List<String> taskArguments = new ArrayList<>();

  @Override
  public Integer call() {
    if (dryRun && (uiPort != null || report != null)) {
      throw new dev.pipeline.api.error.UsageException((uiPort != null ? "--ui" : "--report")
          + " shows a run and --dry-run runs nothing; drop one of them");
    }
    TaskRegistry registry = common.registry();
    AmbiguousOptions.check(spec, registry, family);
    RunSetup setup = RunSetup.prepare(registry, family, taskArguments, common.configFile(),
        common.environment(), executor);
    RerunPolicy rerun = RerunOptions.policy(setup, rerunTriggers, force, forceFamilies);
    // A dry run writes nothing, not even the run directory's .pipeline/.
    Path runDirectory = dryRun ? common.runDirectory(setup)
        : RunDirectories.requireWritable(common.runDirectory(setup),
            common.runDirectory != null ? "--run-dir" : "the default run directory");
    var options = new RunOptionsBuilder(setup)
        .runDirectory(runDirectory)
        .workers(workers)
        .gpus(gpus)
        .resources(resources)
        .failFast(failFast)
        .retries(retries, retryBackoff)
        .cpuFallback(cpuFallback)
        .journal(!noJournal)
        .commandLine(commandLine())
        .build();
    if (dryRun) {
      Scheduler planner = new Scheduler(options).rerun(rerun);
      TaskGraph graph = planner.plan(List.of(setup.root()));
      DryRun.print(graph, List.of(graph.find(setup.root().id())), spec.commandLine().getOut());
      return ExitCode.OK.code();
    }
    var remote = RemoteSetup.create(setup, executor, options.runDirectory(),
        Launcher.current(PipelineCli.class),
        RemoteSetup.runArguments(registry, family, taskArguments, common.classpath),
        common.environment());
    Scheduler scheduler = new Scheduler(options)
        .rerun(rerun)
        .remote(remote)
        .check(PreflightSetup.create(setup, remote, options, false))
        .listener(ConsoleReporter.create(progress, spec.commandLine().getOut(), System.console() != null));
    Notifications.create(setup.settings().notifications(), common.environment())
        .ifPresent(scheduler::listener);
    RunViews views = RunViews.attach(scheduler, uiPort, report, spec.commandLine().getErr());
    InterruptSignals.install(scheduler, () -> spec.commandLine().getErr()
        .println("\ninterrupting: stopping running tasks (Ctrl-C again to exit at once)"));
    try {
      return scheduler.run(List.of(setup.root())).exitCode().code();
    } finally {
      views.finish();
    }
  }

  /**
   * {@code --ui [PORT]}: takes the next argument only when it is a number, so that
   * {@code --ui --n 3} serves on the default port and leaves {@code --n 3} to the task.
   */
  static final class UiPortConsumer implements IParameterConsumer {
    @Override
    public void consumeParameters(Stack<String> args, ArgSpec option, CommandSpec command) {
      boolean port = !args.isEmpty() && args.peek().matches("\\d{1,5}");
      option.setValue(port ? Integer.valueOf(args.pop()) : Integer.valueOf(UiOptions.DEFAULT_PORT));
    }
  }

  /** For the journal: "pipeline run ..." whether this was parsed under the root or alone. */
  private List<String> commandLine() {
    List<String> args = spec.commandLine().getParseResult().originalArgs();
    List<String> argv = new ArrayList<>(List.of("pipeline", "run"));
    argv.addAll(!args.isEmpty() && args.get(0).equals("run") ? args.subList(1, args.size()) : args);
    return argv;
  }
}
