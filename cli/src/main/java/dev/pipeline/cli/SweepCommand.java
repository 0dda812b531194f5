package dev.pipeline.cli;

import dev.pipeline.engine.launch.Launcher;
import dev.pipeline.engine.scheduler.InterruptSignals;
import dev.pipeline.sweep.SweepOptions;
import dev.pipeline.sweep.SweepRunner;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
    SweepOptions o = new SweepOptions();
    file.applyTo(o);
    mode.applyTo(o);
    execution.applyTo(o);
    o.runDirectory = common.runDirectory;
    o.config = common.configFile();
    o.classpath = common.classpath;
    o.registry = common.registry();
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
