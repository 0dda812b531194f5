package dev.pipeline.engine.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pipeline.engine.command.CommandLexer.Placeholder;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A placeholder in the script of an interpreter is refused, and the safe form each refusal
 * suggests is real: taken from the message, read through a cfg file, run with a hostile value,
 * it prints the value and runs nothing.
 */
class InlineScriptsTest {
  private static final String HOSTILE = "$(touch PWNED) `touch PWNED2`; touch PWNED3 \"'";

  @TempDir Path tmp;

  private static CommandSyntaxException refused(String template) {
    return assertThrows(CommandSyntaxException.class, () -> CommandTemplate.parse(template), template);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "bash -c 'echo {v} > out'",
      "bash -c {v}",
      "/bin/sh -ec 'run {v}'",
      "bash -euo pipefail -c 'x=\"{v}\"'",
      "bash --norc -c 'echo {v}'",
      "zsh -c 'echo pre{v}'",
      "dash -xc 'echo {v}'",
      "env FOO=1 bash -c 'echo {v}'",
      "timeout 10 nice -n 5 sh -c 'echo {v}'",
      "LC_ALL=C bash -c 'echo {v}'",
      "python3 -c 'print(\"{v}\")'",
      "python3.11 -u -c 'print({v})'",
      "python -c{v}",
      "perl -e 'print \"{v}\"'",
      "perl -lne 'print {v}' file",
      "perl -E 'say 1' -e '{v}'",
      "node -e 'console.log({v})'",
      "node --eval 'x({v})'",
      "ruby -e 'puts {v}'",
      "Rscript -e 'print({v})'",
      "php -r 'echo {v};'",
      "awk '{{ print \"{v}\" }}' file",
      "gawk -F, '{{ print {v} }}'"})
  void placeholderInAnInlineScript_isRefused(String template) {
    CommandSyntaxException e = refused(template);
    assertTrue(e.getMessage().contains("would run its value as code"), e.getMessage());
    assertTrue(e.getMessage().contains("pass the value as a positional argument"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "bash -c 'echo \"$1\"' _ {v}",
      "bash script.sh -c {v}",
      "bash -c 'true' {v}",
      "sh run.sh {v}",
      "python3 train.py -c {v}",
      "python3 -m pkg -c {v}",
      "python3 -c 'import sys' {v}",
      "perl script.pl -e {v}",
      "node app.js -e {v}",
      "awk -f prog.awk {v}",
      "awk -v x={v} '{{ print x }}' file",
      "echo bash -c {v}",
      "env X={v} prog"})
  void placeholderAsAnArgument_isAccepted(String template) {
    CommandTemplate.parse(template);
  }

  /** The case: the value would have touched PWNED; now nothing runs at all. */
  @Test
  void theReportedInjection_isRefusedWithAWorkingSuggestion() {
    CommandSyntaxException e = refused("bash -c 'echo {s} > $1' _ {output}");
    assertEquals("a placeholder inside the script of 'bash -c' would run its value as code; pass"
        + " the value as a positional argument and read it there: bash -c 'echo \"$$1\"' _ {value}",
        e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"bash", "sh", "dash", "zsh", "python3", "perl", "node", "ruby", "awk", "php"})
  void everySuggestion_worksAsWrittenInACfgFile(String program) throws Exception {
    assumeTrue(onPath(program), program + " is not installed");
    String template = switch (program) {
      case "python3" -> "python3 -c 'print({v})'";
      case "perl", "ruby", "node" -> program + " -e 'print({v})'";
      case "php" -> "php -r 'echo {v};'";
      case "awk" -> "awk '{{ print {v} }}'";
      default -> program + " -c 'echo {v}'";
    };
    String fix = refused(template).fix();
    String advice = fix.substring(fix.indexOf(": ") + 2);

    Files.writeString(tmp.resolve("s.cfg"), "[X]\ncommand = " + advice + "\n");
    String line = dev.pipeline.engine.config.ConfigLoader.load(tmp.resolve("s.cfg"), Map.of())
        .get("X", "command").orElseThrow().value();
    CommandTemplate safe = CommandTemplate.parse(line);
    assertEquals(List.of(Placeholder.of("value")), List.copyOf(safe.placeholders()));

    assertEquals(HOSTILE, run(safe.render(p -> HOSTILE)).strip(), advice);
    try (Stream<Path> files = Files.list(tmp)) {
      assertEquals(List.of("s.cfg"), files.map(f -> f.getFileName().toString()).toList(),
          "the value ran as code");
    }
  }

  private String run(List<String> argv) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).directory(tmp.toFile()).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
