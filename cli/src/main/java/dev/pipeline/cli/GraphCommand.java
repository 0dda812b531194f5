package dev.pipeline.cli;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.engine.inspect.DependencyTree;
import dev.pipeline.engine.inspect.GraphFormat;
import dev.pipeline.engine.inspect.RunHistory;
import dev.pipeline.engine.inspect.TreeWalker;
import dev.pipeline.engine.launch.RerunOptions;
import dev.pipeline.engine.launch.RunSetup;
import dev.pipeline.engine.model.TaskRegistry;
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

/** {@code pipeline graph FAMILY --format dot|mermaid}: the dependency graph, coloured by state. */
@Command(
    name = "graph",
    mixinStandardHelpOptions = true,
    description = {"Print the dependency graph below a task as Graphviz DOT or Mermaid.",
        "Nodes are task ids filled by state; arrows point to requirements; more than 10"
            + " requirements of one family are one node."},
    footer = {"%nExample: pipeline graph Layers --layers 3 --width 4 --out /tmp/l | dot -Tsvg",
        "Colours: complete green, incomplete white, running blue, failed red,"
            + " upstream-failed orange."})
final class GraphCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "FAMILY", description = "Task family.")
  String family;

  @Option(names = "--format", paramLabel = "dot|mermaid", defaultValue = "dot",
      description = "Output format (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--depth", paramLabel = "N",
      description = "Levels of requirements to include (default: all; -1: all).")
  Integer depth;

  @Unmatched List<String> taskArguments = new ArrayList<>();

  @Override
  public Integer call() {
    GraphFormat graphFormat = GraphFormat.parse(format);
    TaskRegistry registry = common.registry();
    AmbiguousOptions.check(spec, registry, family);
    RunSetup setup = RunSetup.prepare(registry, family, taskArguments,
        common.configFile(), common.environment());
    int maxDepth = DependencyTree.depth(depth, DependencyTree.ALL);
    RunHistory history = RunHistory.load(common.runDirectory(setup));
    graphFormat.write(TreeWalker.walk(setup.root(), maxDepth, history,
            RerunOptions.inspection(setup, common.runDirectory(setup))),
        spec.commandLine().getOut());
    return ExitCode.OK.code();
  }
}
