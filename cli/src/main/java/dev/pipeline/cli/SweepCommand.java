package dev.pipeline.cli;

import dev.pipeline.engine.launch.Launcher;
import dev.pipeline.engine.scheduler.InterruptSignals;
import dev.pipeline.sweep.SummaryView;
import dev.pipeline.sweep.SweepFile;
import dev.pipeline.sweep.SweepInvocation;
import dev.pipeline.sweep.SweepRunner;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code pipeline sweep}: a runner-compatible experiment sweep; the logic is in the sweep module.
 * Its options come in mixins: the sweep file, the mode, where points run, and the options every
 * command shares ({@link CommonOptions}).
 */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    description = "Run every point of a parameter sweep (runner-style YAML, or a dict/JSON grid"
        + " with --exec), skipping points that already succeeded.",
    footer = {"%nA sweep's --run-dir defaults to its output directory.",
        "%nExamples:",
        "  pipeline sweep -y params.yaml -o output            run every point",
        "  pipeline sweep -y params.yaml -o output -d         first point, output shown",
        "  pipeline sweep -y grid.json --exec 'python main.py' -o runs --confirm",
        "  pipeline sweep --summary -o output --sort acc --desc",
        "Exit codes: 0 all selected points succeeded, 2 bad usage, 3 a point failed, 130 interrupted."})
final class SweepCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin SweepFileOptions file;
  @Mixin SweepModeOptions mode;
  @Mixin SweepRunOptions execution;
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    Path workDir = Path.of("").toAbsolutePath();
    SweepFile sweepFile = file.sweepFile();
    Optional<SummaryView> summary = mode.summary();
    if (summary.isPresent()) {
      return SweepRunner.summary(workDir, sweepFile.output(), summary.get(), spec.commandLine().getOut());
    }
    // "pipeline sweep ...", whether this was parsed under the root or alone (see PipelineCli)
    List<String> args = spec.commandLine().getParseResult().originalArgs();
    List<String> commandLine = new ArrayList<>(List.of("pipeline", "sweep"));
    commandLine.addAll(!args.isEmpty() && args.get(0).equals("sweep") ? args.subList(1, args.size()) : args);
    SweepInvocation invocation = new SweepInvocation(workDir, null, Map.of(), common.runDirectory,
        common.configFile(), common.registry(), Launcher.current(PipelineCli.class), common.classpath,
        commandLine, System.console() != null);
    return new SweepRunner(sweepFile, mode.mode(), execution.execution(), invocation,
            spec.commandLine().getOut(), new InputStreamReader(System.in, StandardCharsets.UTF_8))
        .onScheduler(s -> InterruptSignals.install(s, () -> spec.commandLine().getErr()
            .println("\ninterrupting: stopping running points (Ctrl-C again to exit at once)")))
        .run();
  }
}
