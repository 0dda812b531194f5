package dev.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The top level: unknown commands are usage errors whatever follows them; help lists whole sentences. */
class CommandNamesTest {
  @ParameterizedTest
  @ValueSource(strings = {"", "--help", "-h", "--version"})
  void unknownCommand_isUsageErrorWithSuggestion_evenWithHelp(String option) {
    Cli r = option.isEmpty() ? Cli.run("stauts") : Cli.run("stauts", option);
    assertEquals(2, r.code(), r.out() + r.err());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("error: unknown command 'stauts'; did you mean status? (commands: "
        + "run, check, init, status, remove-output, graph, index, completion, sweep, ui, report, help)\n"),
        r.err());
  }

  @Test
  void unknownCommand_farFromAnyName_listsTheCommandsWithoutAGuess() {
    Cli r = Cli.run("xyzzy", "--help");
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("error: unknown command 'xyzzy' (commands: run, "), r.err());
  }

  @Test
  void knownCommandHelp_stillExitsZero() {
    assertEquals(0, Cli.run("init", "--help").code());
    assertEquals(0, Cli.run("--help").code());
  }

  /** `pipeline --help` shows each command's first description line alone: it must be a sentence. */
  @Test
  void topLevelHelp_showsEachCommandAsAWholeSentence() {
    CommandLine cli = new CommandLine(new PipelineCli());
    PipelineCli.SUBCOMMANDS.forEach(cli::addSubcommand);
    cli.getSubcommands().forEach((name, sub) -> {
      String[] description = sub.getCommandSpec().usageMessage().description();
      assertTrue(description.length > 0 && description[0].endsWith("."),
          name + ": " + String.join(" / ", description));
    });
    String help = Cli.run("--help").out();
    assertTrue(help.contains("  init           Write a run directory to start a sandbox, tune or"),
        help);
  }

  /** The root with a light entry per command prints the same help as the whole tree of models. */
  @Test
  void topLevelHelp_isTheSameAsWithEveryCommandsModel() {
    CommandLine whole = new CommandLine(new PipelineCli());
    PipelineCli.SUBCOMMANDS.forEach(whole::addSubcommand);
    assertEquals(whole.getUsageMessage(), Cli.run("--help").out());
    assertEquals(whole.getUsageMessage(), Cli.run().out(), "no command: the usage");
  }

  @Test
  void version_isPicocliVersionHelp_withoutBuildingTheModel() {
    CommandLine whole = new CommandLine(new PipelineCli());
    java.io.StringWriter expected = new java.io.StringWriter();
    whole.printVersionHelp(new java.io.PrintWriter(expected, true));
    for (String option : new String[] {"--version", "-V"}) {
      Cli r = Cli.run(option);
      assertEquals(0, r.code());
      assertEquals(expected.toString(), r.out());
    }
  }

  /** A command parsed alone (its own model only) is named as under the root. */
  @Test
  void commandAlone_isNamedAsUnderTheRoot() {
    for (String command : new String[] {"run", "status", "graph", "index", "sweep"}) {
      Cli r = Cli.run(command, "--help");
      assertEquals(0, r.code());
      assertTrue(r.out().startsWith("Usage: pipeline " + command + " "), r.out());
    }
  }
}
