package dev.pipeline.cli;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.api.error.UsageException;
import dev.pipeline.engine.inspect.BashCompletion;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pipeline completion bash}: a completion script for commands, options and task families. */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {"Print a bash completion script.",
        "It completes commands, options, task families and their --param options (the families"
            + " known now: built-in, --classpath, $PIPELINE_PLUGINS).",
        "Use: source <(pipeline completion bash)   (zsh: the script loads bashcompinit)."})
final class CompletionCommand implements Callable<Integer> {
  /** Subcommands whose first argument is a task family. */
  static final List<String> TASK_COMMANDS = List.of("run", "status", "remove-output", "graph");

  @Spec CommandSpec spec;

  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "SHELL", description = "bash")
  String shell;

  @Override
  public Integer call() {
    if (!shell.equals("bash")) {
      throw new UsageException("completion: unsupported shell '" + shell + "'; supported: bash"
          + " (zsh can source the bash script)");
    }
    String program = spec.root().name();
    PrintWriter out = spec.commandLine().getOut();
    out.print(AutoComplete.bash(program, spec.root().commandLine()));
    out.print(BashCompletion.taskCompletion(common.registry(), program, "_complete_" + program,
        TASK_COMMANDS));
    out.flush();
    return ExitCode.OK.code();
  }
}
