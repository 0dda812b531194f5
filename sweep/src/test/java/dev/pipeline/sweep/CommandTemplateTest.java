package dev.pipeline.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.api.error.UsageException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandTemplateTest {
  private static List<String> render(String template, Map<String, String> values) {
    return CommandTemplate.parse("t", template).render(
        p -> {
          if (!values.containsKey(p)) {
            throw new AssertionError("unexpected placeholder " + p);
          }
          return values.get(p);
        },
        p -> List.of("--" + p, values.get(p)));
  }

  @Test
  void splitsLikeAShell() {
    assertEquals(List.of("python", "train.py", "--msg", "hello world", "it's", "a\\b", "x y"),
        render("python  train.py\t--msg 'hello world' \"it's\" 'a\\b' x\\ y", Map.of()));
    assertEquals(List.of("a\"b", "c$d", ""), render("\"a\\\"b\" 'c$d' ''", Map.of()));
    assertEquals(List.of("echo", "one", "two"), render("echo one \\\n two\n", Map.of()));
  }

  @Test
  void substitutesValuesInsideTheirWordOnly() {
    assertEquals(List.of("run", "--lr=0.1", "data/iwslt", "a b c"),
        render("run --lr={lr} data/{data} \"{text}\"", Map.of("lr", "0.1", "data", "iwslt", "text", "a b c")));
    // A value with blanks, quotes, operators or newlines is still one word.
    String nasty = "x'; touch pwned; echo \"$(id)\" `id` > f | g && h\nnext";
    assertEquals(List.of("printf", "%s", nasty), render("printf %s {v}", Map.of("v", nasty)));
    assertEquals(List.of("echo", "pre-" + nasty + "-post"), render("echo 'pre-{v}-post'", Map.of("v", nasty)));
  }

  @Test
  void standaloneBracketsExpandToOptionsAndOtherBracketsAreText() {
    assertEquals(List.of("train", "--lr", "0.1", "x[i]", "[lr]"),
        render("train [lr] x[i] '[lr]'", Map.of("lr", "0.1")));
    CommandTemplate t = CommandTemplate.parse("t", "a [flag] {v} '{w}'");
    assertEquals(List.of("flag"), List.copyOf(t.flags()));
    assertEquals(List.of("v", "w"), List.copyOf(t.values()));
  }

  @Test
  void doubledOrEscapedBracesAreLiteral_otherBracesAreErrors() {
    assertEquals(List.of("echo", "{lr}", "{json: 1}", "{\"a\": 1}", "{x}"),
        render("echo \\{lr\\} '{{json: 1}}' '{{\"a\": 1}}' \"\\{x\\}\"", Map.of()));
    UsageException e = assertThrows(UsageException.class,
        () -> CommandTemplate.parse("t", "echo '{json: 1}'"));
    assertEquals("template 't', column 7: malformed placeholder '{json: 1}'; write {name} or"
        + " {name[key]}, or {{ and }} for literal braces (in: echo '{json: 1}')", e.getMessage());
    e = assertThrows(UsageException.class, () -> CommandTemplate.parse("t", "echo {out[x]}"));
    assertEquals("template 't': {out[x]} takes no [key] in a sweep; write {out} (in: echo {out[x]})",
        e.getMessage());
  }

  @Test
  void emptyUnquotedValuesDisappearQuotedOnesStay() {
    assertEquals(List.of("a", ""), render("a {v} \"{v}\"", Map.of("v", "")));
  }

  @Test
  void shellSyntaxIsRejectedWithAReason() {
    for (String bad : List.of("a | b", "a && b", "a; b", "a > log", "a < in", "a &", "echo $HOME",
        "echo `id`", "echo \"$HOME\"", "echo (x)")) {
      UsageException e = assertThrows(UsageException.class, () -> CommandTemplate.parse("train", bad), bad);
      assertTrue(e.getMessage().contains("template 'train'") && e.getMessage().contains("shell"),
          e.getMessage());
    }
    assertThrows(UsageException.class, () -> CommandTemplate.parse("t", "echo 'open"));
    assertThrows(UsageException.class, () -> CommandTemplate.parse("t", "echo \"open"));
    assertThrows(UsageException.class, () -> CommandTemplate.parse("t", "echo \\"));
    assertThrows(UsageException.class, () -> CommandTemplate.parse("t", "  "));
    // Quoted, the same characters are plain text.
    assertEquals(List.of("a", "|", "&&", "$HOME", ">"), render("a '|' \"&&\" '$HOME' \\>", Map.of()));
  }

  @Test
  void placeholdersInsideShellScriptsAreRefused() throws Exception {
    UsageException e = assertThrows(UsageException.class,
        () -> CommandTemplate.parse("t", "bash -c 'echo {v}'"));
    assertTrue(e.getMessage().contains("positional") || e.getMessage().contains("arguments"), e.getMessage());
    assertThrows(UsageException.class, () -> CommandTemplate.parse("t", "/bin/sh -ec \"run {v}\""));
    // The suggested form, taken from the message, runs and passes the value as data.
    String advice = e.getMessage().substring(e.getMessage().indexOf("read it there: ") + 15,
        e.getMessage().indexOf(" (in: "));
    assertEquals("bash -c 'echo \"$1\"' _ {value}", advice);
    String hostile = "$(echo PWNED) `echo PWNED`; echo PWNED";
    List<String> argv = CommandTemplate.parse("t", advice).render(p -> hostile, p -> List.of());
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    assertEquals(hostile + "\n", new String(p.getInputStream().readAllBytes()));
    assertEquals(0, p.waitFor());
    // Values as positional parameters are the safe form.
    assertEquals(List.of("bash", "-c", "echo \"$1\"", "_", "x; id"),
        render("bash -c 'echo \"$1\"' _ {v}", Map.of("v", "x; id")));
    // A script file with a -c option of its own is not a script string.
    assertEquals(List.of("bash", "run.sh", "-c", "v"), render("bash run.sh -c {v}", Map.of("v", "v")));
  }
}
