package dev.pipeline.engine.command;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A command line from the cfg ({@code python -m train --lr {lr} --out {output}}) as a list of
 * words. Words are split the way a POSIX shell splits them, for quoting only: whitespace separates
 * words; {@code '...'} keeps everything literal; {@code "..."} keeps everything literal except
 * that a backslash escapes {@code " \ $ `}; outside quotes a backslash makes the next character
 * literal and a backslash-newline joins lines. Nothing else of a shell exists: no variables, globs,
 * pipes, redirections or substitutions, and no shell ever runs.
 *
 * <p>Placeholders ({@code {name}} or {@code {name[key]}}) are recognised everywhere, quoted or
 * not, and are substituted inside their word after splitting, so a value containing spaces,
 * quotes, {@code ;} or {@code $(...)} stays one argument. {@code {{} and {@code }}} are literal
 * braces.
 */
public final class CommandTemplate {
  private final String text;
  private final List<List<Object>> words;

  private CommandTemplate(String text, List<List<Object>> words) {
    this.text = text;
    this.words = words;
  }

  /** A placeholder as written: {@code {lr}} is ("lr", null), {@code {output[model]}} ("output", "model"). */
  public record Placeholder(String name, String key) {
    @Override
    public String toString() {
      return "{" + name + (key == null ? "" : "[" + key + "]") + "}";
    }
  }

  /**
   * Splits {@code text} into words.
   *
   * @throws IllegalArgumentException for an unterminated quote or placeholder, a lone brace, or a
   *     template without a program; the message says where and how to fix it
   */
  public static CommandTemplate parse(String text) {
    List<List<Object>> words = new Parser(text).words();
    if (words.isEmpty()) {
      throw new IllegalArgumentException("empty command; write the program and its arguments");
    }
    return new CommandTemplate(text, words);
  }

  public String text() {
    return text;
  }

  /** Every placeholder, in order of first appearance. */
  public Set<Placeholder> placeholders() {
    Set<Placeholder> all = new LinkedHashSet<>();
    for (List<Object> word : words) {
      for (Object part : word) {
        if (part instanceof Placeholder p) {
          all.add(p);
        }
      }
    }
    return all;
  }

  /** The argv: each word with its placeholders replaced by {@code values}; never re-split. */
  public List<String> render(Function<Placeholder, String> values) {
    List<String> argv = new ArrayList<>(words.size());
    for (List<Object> word : words) {
      StringBuilder out = new StringBuilder();
      for (Object part : word) {
        out.append(part instanceof Placeholder p ? values.apply(p) : (String) part);
      }
      argv.add(out.toString());
    }
    return argv;
  }

  @Override
  public String toString() {
    return text;
  }

  /** One pass over the text; a word is a list of literal strings and placeholders. */
  private static final class Parser {
    private final String s;
    private final List<List<Object>> words = new ArrayList<>();
    private List<Object> word;
    private final StringBuilder literal = new StringBuilder();
    private int i;

    Parser(String s) {
      this.s = s;
    }

    List<List<Object>> words() {
      while (i < s.length()) {
        char c = s.charAt(i);
        if (Character.isWhitespace(c)) {
          endWord();
          i++;
        } else if (c == '\'') {
          startWord();
          quoted('\'');
        } else if (c == '"') {
          startWord();
          quoted('"');
        } else if (c == '\\') {
          backslash();
        } else {
          startWord();
          plain(c);
        }
      }
      endWord();
      return words;
    }

    private void backslash() {
      if (i + 1 >= s.length()) {
        throw error("a trailing backslash escapes nothing", "remove it or quote it as '\\'");
      }
      char next = s.charAt(i + 1);
      i += 2;
      if (next != '\n') { // backslash-newline joins lines
        startWord();
        literal.append(next);
      }
    }

    private void quoted(char quote) {
      int open = i++;
      while (i < s.length() && s.charAt(i) != quote) {
        char c = s.charAt(i);
        if (quote == '"' && c == '\\' && i + 1 < s.length() && "\"\\$`\n".indexOf(s.charAt(i + 1)) >= 0) {
          if (s.charAt(i + 1) != '\n') {
            literal.append(s.charAt(i + 1));
          }
          i += 2;
        } else {
          plain(c);
        }
      }
      if (i >= s.length()) {
        i = open;
        throw error("unterminated " + (quote == '"' ? "double" : "single") + " quote",
            "close it with " + quote);
      }
      i++;
    }

    /** A character that is data unless it is a brace. */
    private void plain(char c) {
      if (c == '{' && at(i + 1, '{') || c == '}' && at(i + 1, '}')) {
        literal.append(c);
        i += 2;
      } else if (c == '{') {
        placeholder();
      } else if (c == '}') {
        throw error("unmatched '}'", "write }} for a literal brace");
      } else {
        literal.append(c);
        i++;
      }
    }

    private void placeholder() {
      int open = i;
      int close = s.indexOf('}', i);
      String body = close < 0 ? "" : s.substring(i + 1, close);
      String name = body;
      String key = null;
      int bracket = body.indexOf('[');
      if (bracket >= 0 && body.endsWith("]")) {
        name = body.substring(0, bracket);
        key = body.substring(bracket + 1, body.length() - 1);
      }
      if (close < 0 || !isName(name) || key != null && (key.isEmpty() || key.contains("["))) {
        String shown = close < 0 ? s.substring(open) : s.substring(open, close + 1);
        throw error("malformed placeholder '" + shown + "'",
            "write {name} or {name[key]}, or {{ and }} for literal braces");
      }
      flushLiteral();
      word.add(new Placeholder(name, key));
      i = close + 1;
    }

    private boolean at(int index, char c) {
      return index < s.length() && s.charAt(index) == c;
    }

    private void startWord() {
      if (word == null) {
        word = new ArrayList<>();
      }
    }

    private void flushLiteral() {
      if (literal.length() > 0) {
        word.add(literal.toString());
        literal.setLength(0);
      }
    }

    private void endWord() {
      if (word != null) {
        flushLiteral();
        if (word.isEmpty()) {
          word.add(""); // '' or "" is an empty argument, as in a shell
        }
        words.add(word);
        word = null;
      }
    }

    private IllegalArgumentException error(String problem, String fix) {
      return new IllegalArgumentException(problem + " at character " + (i + 1) + "; " + fix);
    }

    private static boolean isName(String name) {
      if (name.isEmpty() || !(Character.isLetter(name.charAt(0)) || name.charAt(0) == '_')) {
        return false;
      }
      for (int k = 1; k < name.length(); k++) {
        char c = name.charAt(k);
        if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-')) {
          return false;
        }
      }
      return true;
    }
  }
}
