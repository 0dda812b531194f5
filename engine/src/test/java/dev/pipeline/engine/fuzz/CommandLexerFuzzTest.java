package dev.pipeline.engine.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pipeline.engine.command.CommandLexer;
import dev.pipeline.engine.command.CommandSyntaxException;
import dev.pipeline.engine.command.CommandTemplate;
import dev.pipeline.engine.testing.FuzzTally;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Fuzzes the command lexer (cfg commands and sweep templates share it) with shell-shaped text:
 * every input is split, or refused with a {@link CommandSyntaxException} of one line; nothing
 * else. Values rendered into a split line stay inside their word.
 */
class CommandLexerFuzzTest {
  private static final FuzzTally TALLY = new FuzzTally("command-lexer");
  private static final List<String> PIECES = List.of(" ", "  ", "\t", "\n", "\\\n", "'", "\"", "\\",
      "{", "}", "{{", "}}", "[", "]", "{lr}", "{output}", "{input[a][b]}", "{x[]}", "{1}", "{_n}",
      "[flag]", "$", "$$", "$1", "`", "|", "&&", ";", ">", "<", "(", ")", "bash", "-c", "-ec",
      "python3", "-c", "perl", "-e", "node", "--eval", "awk", "env", "A=1", "timeout", "10", "_",
      "x", "echo", "é", "\u0000", "\uD83D\uDE00", "-", "--", "\\{", "\\}", "\"\\$\"", "'{v}'");

  @Provide
  Arbitrary<String> commandLines() {
    Arbitrary<String> shaped = Arbitraries.of(PIECES).list().ofMaxSize(24).map(l -> String.join("", l));
    return Arbitraries.oneOf(shaped, shaped, Arbitraries.strings().ofMaxLength(60));
  }

  @Property
  void anyLine_splitsOrIsRefusedInOneLine(@ForAll("commandLines") String line, @ForAll boolean flags) {
    try {
      CommandLexer.split(line, flags);
      CommandTemplate.parse(line);
      TALLY.accepted();
    } catch (CommandSyntaxException e) {
      TALLY.refused(e);
    } catch (RuntimeException | Error e) {
      TALLY.crashed(e);
    }
  }

  @Property
  void renderedValues_neverAddOrSplitWords(@ForAll("commandLines") String value) {
    CommandTemplate t = CommandTemplate.parse("prog --a={v} '{v}' x\"{v}\"y {w}");
    List<String> argv = t.render(p -> p.name().equals("v") ? value : "");
    assertEquals(List.of("prog", "--a=" + value, value, "x" + value + "y", ""), argv);
  }

  @AfterContainer
  static void report() {
    TALLY.report();
  }
}
