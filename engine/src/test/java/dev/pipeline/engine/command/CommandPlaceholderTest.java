package dev.pipeline.engine.command;

import static dev.pipeline.engine.command.CommandRuns.cfgFile;
import static dev.pipeline.engine.command.CommandRuns.failures;
import static dev.pipeline.engine.command.CommandRuns.options;
import static dev.pipeline.engine.command.CommandRuns.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.engine.command.CommandRuns.Nested;
import dev.pipeline.engine.command.CommandRuns.Sh;
import dev.pipeline.engine.config.ConfigException;
import dev.pipeline.engine.event.RunSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cfg commands through the scheduler: inline-script injection refused, nested input keys. */
class CommandPlaceholderTest {
  private static final String PAIR = "[Sh]\ncommand = bash -c 's=$$1; shift; eval \"$$s\"'"
      + " {output} {script}\n[Pair]\ncommand = bash -c 's=$$1; shift; eval \"$$s\"'"
      + " {output[model]} {script} {output[metrics]} {input[data]}\n";

  @TempDir Path tmp;

  private Path runDir() throws IOException {
    return Files.createDirectories(tmp.resolve("run"));
  }

  private void assertNoPwned() throws IOException {
    try (Stream<Path> all = Files.walk(tmp)) {
      assertEquals(List.of(), all.filter(p -> p.getFileName().toString().startsWith("PWNED")).toList());
    }
    assertFalse(Files.exists(Path.of("PWNED")));
  }

  /** Issue 13's report: {@code --s '$(touch PWNED)'} ran the injected command. */
  @Test
  void placeholderInBashScript_isRefusedBeforeAnythingRuns_andTheSuggestionRunsNothing()
      throws IOException {
    Path out = tmp.resolve("out.txt");
    Sh task = new Sh().with("", "$(touch PWNED)", out);
    ConfigException e = assertThrows(ConfigException.class, () -> run(tmp,
        "[Sh]\ncommand = bash -c 'echo {text} > $$1' _ {output}\n", options(runDir()), task));
    assertEquals(cfgFile(tmp) + ":2: [Sh] command: a placeholder inside the script of 'bash -c'"
        + " would run its value as code; pass the value as a positional argument and read it there:"
        + " bash -c 'echo \"$$1\"' _ {value}", e.getMessage());
    assertNoPwned();
    assertFalse(Files.exists(out));

    // The suggested form, with the output as a second argument.
    RunSummary ok = run(tmp, "[Sh]\ncommand = bash -c 'echo \"$$1\" > \"$$2\"' _ {text} {output}\n",
        options(runDir()), task);
    assertEquals(ExitCode.OK, ok.exitCode(), failures(ok).toString());
    assertEquals("$(touch PWNED)\n", Files.readString(out));
    assertNoPwned();
  }

  @Test
  void nestedInputKeys_walkDownTheRequirementsOutputs() throws IOException {
    Files.writeString(tmp.resolve("data.txt"), "data");
    Nested nested = new Nested().with("cp \"$1\" \"$0\"", "", tmp.resolve("copy"));
    nested.pairDir = tmp.resolve("p");
    String cfg = PAIR + "[Nested]\ncommand = bash -c 's=$$1; shift; eval \"$$s\"' {output} {script}"
        + " {input[pair][model]}\n";
    RunSummary summary = run(tmp, cfg, options(runDir()), nested);
    assertEquals(ExitCode.OK, summary.exitCode(), failures(summary).toString());
    assertEquals("data", Files.readString(tmp.resolve("copy")));
  }

  /** Every placeholder an error suggests is one that works: each is run. */
  @Test
  void everySuggestedInputPlaceholder_works() throws IOException {
    Files.writeString(tmp.resolve("data.txt"), "data");
    String bad = PAIR + "[Nested]\ncommand = bash -c 's=$$1; shift; eval \"$$s\"' {output} {script}"
        + " {input[pair]}\n";
    Nested probe = new Nested().with("true", "", tmp.resolve("never"));
    probe.pairDir = tmp.resolve("p");
    ConfigException e = assertThrows(ConfigException.class, () -> run(tmp, bad, options(runDir()), probe));
    String fix = e.getMessage().substring(e.getMessage().indexOf("use one of ") + "use one of ".length());
    List<String> suggestions = List.of(fix.split(", "));
    assertEquals(List.of("{input[pair][model]}", "{input[pair][metrics]}"), suggestions);

    ConfigException missing = assertThrows(ConfigException.class, () -> run(tmp,
        bad.replace("{input[pair]}", "{input[pair][modle]}"), options(runDir()), probe));
    assertEquals(cfgFile(tmp) + ":6: [Nested] command: " + probe.id() + "'s {input[pair]} has no"
        + " entry 'modle'; use one of {input[pair][model]}, {input[pair][metrics]}",
        missing.getMessage());

    for (int i = 0; i < suggestions.size(); i++) {
      Nested nested = new Nested().with("cp \"$1\" \"$0\"", "", tmp.resolve("copy" + i));
      nested.pairDir = tmp.resolve("p");
      RunSummary summary = run(tmp, bad.replace("{input[pair]}", suggestions.get(i)),
          options(runDir()), nested);
      assertEquals(ExitCode.OK, summary.exitCode(), suggestions.get(i) + ": " + failures(summary));
    }
  }
}
