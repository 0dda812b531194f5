package dev.pipeline.cli;

import dev.pipeline.engine.inspect.Confirmation;
import dev.pipeline.engine.inspect.DependencyTree;
import dev.pipeline.engine.inspect.OutputRemoval;
import dev.pipeline.engine.launch.RunSetup;
import dev.pipeline.engine.model.TaskRegistry;
import java.io.Console;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code pipeline remove-output FAMILY [--depth N] [--dry-run] [--yes]}. */
@Command(
    name = "remove-output",
    mixinStandardHelpOptions = true,
    description = {"Remove the outputs of a task and of its requirements down to --depth.",
        "The next run makes them again. Only targets that output() of those tasks returns are"
            + " removed. Refuses while a run is active on the run directory or another process"
            + " runs one of those tasks."},
    footer = {"%nExample: pipeline remove-output Fan --n 1000 --out /tmp/fan --depth 1 --dry-run"})
final class RemoveOutputCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "FAMILY", description = "Task family.")
  String family;

  @Option(names = "--depth", paramLabel = "N",
      description = "Levels of requirements whose outputs go too (default: 0, the task alone;"
          + " -1: all).")
  Integer depth;

  @Option(names = "--dry-run", description = "List what would be removed; remove nothing.")
  boolean dryRun;

  @Option(names = {"-y", "--yes"},
      description = "Do not ask for confirmation (needed when not on a terminal).")
  boolean yes;

  @Unmatched List<String> taskArguments = new ArrayList<>();

  @Override
  public Integer call() {
    TaskRegistry registry = common.registry();
    AmbiguousOptions.check(spec, registry, family);
    RunSetup setup = RunSetup.prepare(registry, family, taskArguments,
        common.configFile(), common.environment());
    if (depth != null && depth < -1) {
      throw new dev.pipeline.api.error.UsageException("--depth must be -1 (all levels) or 0 or more,"
          + " got " + depth);
    }
    var request = new OutputRemoval.Request(DependencyTree.depth(depth, 0), dryRun, yes);
    return OutputRemoval.run(setup.root(), common.runDirectory(setup), request, terminal(),
        spec.commandLine().getOut()).code();
  }

  private Confirmation terminal() {
    Console console = System.console();
    if (console == null) {
      return Confirmation.NOT_A_TERMINAL;
    }
    return new Confirmation() {
      @Override
      public boolean available() {
        return true;
      }

      @Override
      public boolean confirm(String question) {
        spec.commandLine().getOut().flush();
        String answer = console.readLine("%s", question);
        return answer != null && List.of("y", "yes").contains(answer.strip().toLowerCase(Locale.ROOT));
      }
    };
  }
}
