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
      CompletionCommand.class, SweepCommand.class, RunTaskCommand.class, UiCommand.class, ReportCommand.class,
      CommandLine.HelpCommand.class);

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the CLI with the given streams and returns the exit code (tests call this). */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      // The version alone needs no command model: building even the light root costs a third of
      // this command's CPU time (CommandNamesTest checks the output is picocli's).
      out.println(new VersionProvider().getVersion()[0]);
      out.flush();
      return ExitCode.OK.code();
    }
    CommandLine cli = commandLineFor(args);
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(new ShortErrorHandler());
    cli.setParameterExceptionHandler(new ShortErrorHandler());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    boolean alone = args.length > 0 && standalone(args[0]) != null;
    if (!alone && args.length > 0 && !args[0].startsWith("-")
        && !cli.getSubcommands().containsKey(args[0])) {
      return unknownCommand(args[0], cli, err);
    }
    return cli.execute(alone ? Arrays.copyOfRange(args, 1, args.length) : args);
  }

  /**
   * The smallest picocli model that serves these arguments. Building a command's model (annotation
   * reflection, option specs, converters) is most of what a short command costs after JVM start, so
   * a named command builds its own model alone, named as it would be under the root ("pipeline
   * status"); `help` and `completion` walk the whole tree, so they get it; the rest (--help,
   * --version, no command, an unknown word) gets the root with a light entry per command: its
   * name and description, which is all the root's usage and the unknown-command check read.
   */
  static CommandLine commandLineFor(String[] args) {
    String first = args.length > 0 ? args[0] : "";
    Class<?> alone = standalone(first);
    if (alone != null) {
      CommandLine cli = new CommandLine(alone, CommandLine.defaultFactory());
      cli.getCommandSpec().name("pipeline " + first);
      return cli;
    }
    CommandLine cli = new CommandLine(new PipelineCli());
    boolean wholeTree = first.equals("help") || first.equals("completion");
    for (Class<?> c : SUBCOMMANDS) {
      if (wholeTree) {
        cli.addSubcommand(c);
      } else {
        Command command = c.getAnnotation(Command.class);
        CommandSpec entry = CommandSpec.create().name(command.name());
        entry.usageMessage().header(command.header()).description(command.description())
            .hidden(command.hidden());
        cli.addSubcommand(command.name(), new CommandLine(entry));
      }
    }
    return cli;
  }

  /** The command class that {@code word} names and that runs without its parent's model, or null. */
  private static Class<?> standalone(String word) {
    if (word.equals("help") || word.equals("completion")) {
      return null;
    }
    for (Class<?> c : SUBCOMMANDS) {
      if (c.getAnnotation(Command.class).name().equals(word)) {
        return c;
      }
    }
    return null;
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
