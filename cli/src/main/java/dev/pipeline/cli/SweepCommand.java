package dev.pipeline.cli;

import dev.pipeline.engine.launch.Launcher;
import dev.pipeline.engine.launch.Plugins;
import dev.pipeline.engine.scheduler.InterruptSignals;
import dev.pipeline.sweep.SweepOptions;
import dev.pipeline.sweep.SweepRunner;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pipeline sweep}: a runner-compatible experiment sweep; the logic is in tasks' sweep package. */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    description = "Run every point of a parameter sweep (runner-style YAML, or a dict/JSON grid"
        + " with --exec), skipping points that already succeeded.",
    footer = {"%nExamples:",
        "  pipeline sweep -y params.yaml -o output            run every point",
        "  pipeline sweep -y params.yaml -o output -d         first point, output shown",
        "  pipeline sweep -y grid.json --exec 'python main.py' -o runs --confirm",
        "  pipeline sweep --summary -o output --sort acc --desc",
        "Exit codes: 0 all selected points succeeded, 2 bad usage, 3 a point failed, 130 interrupted."})
final class SweepCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-y", "--yaml"}, paramLabel = "FILE",
      description = "Sweep file: runner YAML, or a dict-style grid in YAML/JSON (default: params.yaml).")
  Path yaml = Path.of("params.yaml");

  @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Output directory (default: output).")
  String output = "output";

  @Option(names = {"-t", "--title"}, paramLabel = "TITLE", description = "Only the documents with this _title.")
  String title;

  @Option(names = {"-c", "--command"}, split = ",", paramLabel = "CMD",
      description = "Only these commands (template names), e.g. -c test or -c train,test.")
  List<String> commands = new ArrayList<>();

  @Option(names = {"-d", "--debug"}, description = "Run only the first point, forced, with its output on the console.")
  boolean debug;

  @Option(names = {"-f", "--force"}, description = "Run points again even if they succeeded before.")
  boolean force;

  @Option(names = "--sample", paramLabel = "N", description = "Keep N random points of each grid.")
  Integer sample;

  @Option(names = "--seed", paramLabel = "S", description = "Seed of --sample (printed when not given).")
  Long seed;

  @Option(names = "--no-param-dir", description = "No directory per point: {_output} is the output directory;"
      + " state files and logs carry the point's name.")
  boolean noParamDir;

  @Option(names = "--no-shrink-dir", description = "Do not shorten existing paths to their base name in point names.")
  boolean noShrinkDir;

  @Option(names = "--dry-run", description = "Print the points and their commands; run and write nothing.")
  boolean dryRun;

  @Option(names = "--manual", description = "Write the jobs without running them (a script per"
      + " point in OUTPUT/manual/, the SLURM/HTCondor job arrays, or Kubernetes Job manifests)"
      + " and print how to submit them.")
  boolean manual;

  @Option(names = "--confirm", description = "Run the first point, then ask (y/n/all/exit) before the others.")
  boolean confirm;

  @Option(names = "--executor", paramLabel = "NAME",
      description = "local (default), slurm, condor or kubernetes; [SweepPoint] executor in the cfg"
          + " wins, job settings come from [SweepPoint] and [slurm]/[condor]/[kubernetes].")
  String executor;

  @Option(names = "--config", paramLabel = "FILE",
      description = "law-style cfg with the executors' settings (default: $PIPELINE_CONFIG).")
  Path config;

  @Option(names = "--classpath", split = ":", paramLabel = "JAR",
      description = "Extra jars with task classes (also passed on to cluster jobs).")
  List<Path> classpath = new ArrayList<>();

  @Option(names = "--exec", paramLabel = "TEMPLATE",
      description = "The command of a dict-style sweep file, e.g. 'python main.py'; parameters it does not"
          + " name are appended as --name value.")
  String exec;

  @Option(names = {"-r", "--resource"}, arity = "1..*", paramLabel = "SLOT",
      description = "GPU slots instead of the file's resource: -r 0 1, -r 0 0 1 1, -r 0,1 2,3.")
  List<String> resources;

  @Option(names = "--workers", paramLabel = "N", description = "Points running at once (default: one per GPU slot, else 1).")
  Integer workers;

  @Option(names = "--retries", paramLabel = "N", description = "Extra attempts for a failing point (default 0).")
  Integer retries;

  @Option(names = "--retry-backoff", paramLabel = "DURATION", description = "Wait before the first retry (default 10s).")
  String retryBackoff;

  @Option(names = "--timeout", paramLabel = "DURATION",
      description = "Time limit per point (all its commands), e.g. 1h; a point over it fails alone.")
  String timeout;

  @Option(names = "--summary", description = "Print a table of the points in -o: status, duration, metrics.")
  boolean summary;

  @Option(names = "--sort", paramLabel = "COLUMN", description = "--summary: sort by this column (a metric, name, status, duration).")
  String sort;

  @Option(names = "--desc", description = "--summary: sort in descending order.")
  boolean descending;

  @Option(names = "--results", paramLabel = "FILE",
      description = "--summary: the metrics file each point writes to {_output} (default: results.json).")
  String results = "results.json";

  @Option(names = "--run-dir", paramLabel = "DIR", description = "Where .pipeline/ lives (default: the output directory).")
  Path runDirectory;

  @Option(names = "--no-journal", description = "Do not write .pipeline/journal.jsonl.")
  boolean noJournal;

  @Option(names = "--stacktrace", description = "Print stack traces of errors.")
  boolean stacktrace;

  @Override
  public Integer call() {
    SweepOptions o = new SweepOptions();
    o.yaml = yaml;
    o.output = output;
    o.title = title;
    o.commands = commands;
    o.debug = debug;
    o.force = force;
    o.sample = sample;
    o.seed = seed;
    o.noParamDir = noParamDir;
    o.noShrinkDir = noShrinkDir;
    o.dryRun = dryRun;
    o.manual = manual;
    o.confirm = confirm;
    o.executor = executor;
    o.exec = exec;
    o.resources = resources;
    o.workers = workers;
    o.retries = retries;
    o.retryBackoff = retryBackoff;
    o.timeout = timeout;
    o.summary = summary;
    o.sort = sort;
    o.descending = descending;
    o.results = results;
    o.runDirectory = runDirectory;
    o.journal = !noJournal;
    o.config = config != null ? config : Optional.ofNullable(System.getenv("PIPELINE_CONFIG"))
        .filter(v -> !v.isBlank()).map(Path::of).orElse(null);
    o.classpath = classpath;
    o.registry = Plugins.registry(classpath, System.getenv("PIPELINE_PLUGINS"));
    o.launcher = Launcher.current(PipelineCli.class);
    o.color = System.console() != null;
    o.commandLine = new ArrayList<>(List.of("pipeline"));
    o.commandLine.addAll(spec.commandLine().getParseResult().originalArgs());
    return new SweepRunner(o, spec.commandLine().getOut(),
            new InputStreamReader(System.in, StandardCharsets.UTF_8))
        .onScheduler(s -> InterruptSignals.install(s, () -> spec.commandLine().getErr()
            .println("\ninterrupting: stopping running points (Ctrl-C again to exit at once)")))
        .run();
  }
}
