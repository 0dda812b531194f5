package dev.pipeline.cli;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.engine.inspect.DependencyTree;
import dev.pipeline.engine.inspect.RunHistory;
import dev.pipeline.engine.inspect.StatusPrinter;
import dev.pipeline.engine.inspect.TreeWalker;
import dev.pipeline.engine.launch.RerunOptions;
import dev.pipeline.engine.launch.RunSetup;
import dev.pipeline.engine.model.TaskRegistry;
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

/** {@code pipeline status FAMILY [--param value ...]}: the tree below a task with each state. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {"Show the tasks below a task, each with its state.",
        "States: complete, incomplete, running, failed, upstream-failed (from the outputs and the"
            + " run directory's journal).",
        "Exits 0 whatever the states are (like law's --print-status); 2 on bad usage."},
    footer = {"%nTask parameters as for run: pipeline status Fan --n 1000 --out /tmp/fan",
        "More than 10 requirements of one family are shown as one line with counts."})
final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "FAMILY", description = "Task family.")
  String family;

  @Option(names = "--depth", paramLabel = "N",
      description = "Levels of requirements to show (default: all; 0: the task alone; -1: all).")
  Integer depth;

  @Option(names = "--usage",
      description = "Add what each task's latest attempt used (CPU time, peak RSS, Java heap"
          + " allocation, from the journal), and totals.")
  boolean usage;

  @Unmatched List<String> taskArguments = new ArrayList<>();

  @Override
  public Integer call() {
    TaskRegistry registry = common.registry();
    AmbiguousOptions.check(spec, registry, family);
    RunSetup setup = RunSetup.prepare(registry, family, taskArguments,
        common.configFile(), common.environment());
    int maxDepth = DependencyTree.depth(depth, DependencyTree.ALL);
    Path runDirectory = common.runDirectory(setup);
    RunHistory history = RunHistory.load(runDirectory);
    DependencyTree tree = TreeWalker.walk(setup.root(), maxDepth, history,
        RerunOptions.inspection(setup, runDirectory));
    StatusPrinter.print(tree, spec.commandLine().getOut(), usage);
    dev.pipeline.engine.inspect.PublishedReport.print(tree, runDirectory, spec.commandLine().getOut());
    return ExitCode.OK.code();
  }
}
