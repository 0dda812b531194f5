package dev.pipeline.cli;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.engine.config.Suggestions;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code pipeline} command. Subcommands are one class each; none holds logic. */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "A workflow DAG engine: run tasks whose outputs are missing, in dependency order.",
    exitCodeOnInvalidInput = 2,
    exitCodeOnExecutionException = 1)
public final class PipelineCli implements Callable<Integer> {
  /** Every subcommand, in the order --help lists them. */
  static final List<Class<?>> SUBCOMMANDS = List.of(RunCommand.class, CheckCommand.class,
      InitCommand.class,
      StatusCommand.class, RemoveOutputCommand.class, GraphCommand.class, IndexCommand.class,
      CompletionCommand.class, SweepCommand.class, RunTaskCommand.class,
      CommandLine.HelpCommand.class);

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the CLI with the given streams and returns the exit code (tests call this). */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    // `run` is the command people wait on: picocli's model of the root and the nine other
    // commands (annotation reflection, converters per command) costs a short run ~10% of its
    // start-up, so a run builds only its own, named as it would be under the root.
    boolean runOnly = args.length > 0 && args[0].equals("run");
    CommandLine cli;
    String[] parsed = args;
    if (runOnly) {
      cli = new CommandLine(new RunCommand());
      cli.getCommandSpec().name("pipeline run");
      parsed = Arrays.copyOfRange(args, 1, args.length);
    } else {
      cli = new CommandLine(new PipelineCli());
      for (Class<?> c : SUBCOMMANDS) {
        cli.addSubcommand(c);
      }
    }
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(new ShortErrorHandler());
    cli.setParameterExceptionHandler(new ShortErrorHandler());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    if (!runOnly && args.length > 0 && !args[0].startsWith("-")
        && !cli.getSubcommands().containsKey(args[0])) {
      return unknownCommand(args[0], cli, err);
    }
    return cli.execute(parsed);
  }

  /**
   * A word where a command belongs that names none. Checked before picocli parses, because a
   * --help after it would otherwise print the top-level help and exit 0, as if all were well.
   */
  private static int unknownCommand(String word, CommandLine cli, PrintWriter err) {
    List<String> names = cli.getSubcommands().entrySet().stream()
        .filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden())
        .map(java.util.Map.Entry::getKey).toList();
    err.println("error: unknown command '" + word + "'"
        + Suggestions.closest(word, names).map(s -> "; did you mean " + s + "?").orElse("")
        + " (commands: " + String.join(", ", names) + ")");
    err.println("Run 'pipeline --help' for usage.");
    return ExitCode.USAGE.code();
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCode.USAGE.code();
  }
}
