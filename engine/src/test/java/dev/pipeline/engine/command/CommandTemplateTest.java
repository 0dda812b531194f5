package dev.pipeline.engine.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pipeline.engine.command.CommandLexer.Placeholder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Splitting a cfg command line into words and filling in placeholders, without a shell. */
class CommandTemplateTest {
  private static List<String> words(String template) {
    return CommandTemplate.parse(template).render(p -> "<" + p + ">");
  }

  private static String error(String template) {
    return assertThrows(IllegalArgumentException.class, () -> CommandTemplate.parse(template))
        .getMessage();
  }

  @Test
  void parse_splitsOnAnyWhitespace() {
    assertEquals(List.of("python", "-m", "train", "--lr", "0.1"),
        words("  python -m\ttrain \n --lr   0.1 "));
  }

  @Test
  void parse_singleQuotesKeepEverythingButPlaceholders() {
    assertEquals(List.of("a b", "$HOME \\n \"x\"", "<{lr}>"), words("'a b' '$HOME \\n \"x\"' '{lr}'"));
  }

  @Test
  void parse_doubleQuotesEscapeOnlyQuoteBackslashDollarBacktick() {
    assertEquals(List.of("say \"hi\" \\ $ ` \\n 'x'"),
        words("\"say \\\"hi\\\" \\\\ \\$ \\` \\n 'x'\""));
  }

  @Test
  void parse_backslashOutsideQuotesMakesTheNextCharacterLiteral() {
    assertEquals(List.of("a b", "'", "{x}", "cd"), words("a\\ b \\' \\{x\\} c\\\nd"));
  }

  @Test
  void parse_adjacentPartsFormOneWord() {
    assertEquals(List.of("--out=<{output}>/x y.txt"), words("--out={output}'/x y'.txt"));
  }

  @Test
  void parse_emptyQuotesAreAnEmptyArgument() {
    assertEquals(List.of("prog", "", ""), words("prog '' \"\""));
  }

  @Test
  void parse_doubledBracesAreLiteral() {
    assertEquals(List.of("{a}", "x{}y", "'{{'"), words("{{a}} x{{}}y \"'{{{{'\""));
  }

  @Test
  void placeholders_inOrderWithKeys() {
    assertEquals(Set.of(Placeholder.of("lr"), Placeholder.of("output", "model"),
            Placeholder.of("input", "0")),
        CommandTemplate.parse("t {lr} --m {output[model]} {input[0]} {lr}").placeholders());
    assertEquals("[{lr}, {output[model]}]",
        CommandTemplate.parse("t {lr} {output[model]} {lr}").placeholders().toString());
  }

  @Test
  void render_substitutesInsideWordsAndNeverResplits() {
    CommandTemplate t = CommandTemplate.parse("run --name={name} {name}");
    String hostile = "a b; rm -rf / $(x) `y` 'q' \"d\"\nz {lr}";
    assertEquals(List.of("run", "--name=" + hostile, hostile),
        t.render(Map.of(Placeholder.of("name"), hostile)::get));
  }

  @Test
  void parse_errorsSayWhereAndHowToFix() {
    assertEquals("unterminated single quote at character 6; close it with '", error("echo 'abc"));
    assertEquals("unterminated double quote at character 3; close it with \"", error("a \"b"));
    assertEquals("unmatched '}' at character 7; write }} for a literal brace", error("echo a}"));
    assertEquals("malformed placeholder '{lr' at character 6; write {name} or {name[key]},"
        + " or {{ and }} for literal braces", error("echo {lr"));
    assertEquals("malformed placeholder '{1..3}' at character 6; write {name} or {name[key]},"
        + " or {{ and }} for literal braces", error("echo {1..3}"));
    assertEquals("malformed placeholder '{output[]}' at character 1; write {name} or"
        + " {name[key]}, or {{ and }} for literal braces", error("{output[]}"));
    assertEquals("a trailing backslash escapes nothing at character 6; remove it or quote it"
        + " as '\\'", error("echo \\"));
    assertEquals("empty command; write the program and its arguments", error("  \n "));
  }

  /** Found by CommandLexerFuzzTest: a message quoting the line must stay one line. */
  @Test
  void errorsQuotingTheLine_escapeNewlines() {
    assertEquals("malformed placeholder '{a\\n b}' at character 6; write {name} or {name[key]},"
        + " or {{ and }} for literal braces", error("echo {a\n b}"));
  }
}
