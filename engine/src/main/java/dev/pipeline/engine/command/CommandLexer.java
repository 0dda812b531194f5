package dev.pipeline.engine.command;

import java.util.ArrayList;
import java.util.List;

/**
 * The one tokenizer for command lines that run without a shell: cfg {@code command}s and sweep
 * templates. Words are split the way a POSIX shell splits them, for quoting only:
 *
 * <ul>
 *   <li>whitespace separates words; {@code '...'} keeps everything literal except placeholders;
 *       in {@code "..."} a backslash escapes {@code " \ $ ` { }} and a newline; outside quotes a
 *       backslash makes the next character literal and a backslash-newline joins lines;
 *   <li>{@code {name}}, {@code {name[key]}} and {@code {name[key][key]}} are placeholders, quoted
 *       or not; {@code {{} and {@code }}} are literal braces everywhere, and so are {@code \{} and
 *       {@code \}} outside single quotes; any other brace is an error (a typo'd placeholder must
 *       never reach a program as text);
 *   <li>with {@code bracketFlags} (sweeps), an unquoted word that is exactly {@code [name]} is a
 *       flag; elsewhere brackets are text;
 *   <li>there is no shell: unquoted {@code | & ; < > ( )}, and {@code $} or a backquote outside
 *       single quotes, are refused instead of being passed on as words that look like shell code.
 * </ul>
 *
 * Values are substituted after splitting, into the word that holds the placeholder, so a value can
 * never add a word, an operator or a redirection. {@link InlineScripts} refuses the one place where
 * that is not enough: the script argument of {@code bash -c} and the like.
 */
public final class CommandLexer {
  private CommandLexer() {}

  /** One piece of a word: literal text or a placeholder. */
  public sealed interface Part permits Text, Placeholder {}

  public record Text(String text) implements Part {}

  /** {@code {lr}} is ("lr", []), {@code {input[model][repository]}} ("input", [model, repository]). */
  public record Placeholder(String name, List<String> keys) implements Part {
    public Placeholder {
      keys = List.copyOf(keys);
    }

    public static Placeholder of(String name, String... keys) {
      return new Placeholder(name, List.of(keys));
    }

    @Override
    public String toString() {
      StringBuilder s = new StringBuilder("{").append(name);
      keys.forEach(k -> s.append('[').append(k).append(']'));
      return s.append('}').toString();
    }
  }

  /**
   * One argv word: its parts, or the name of a stand-alone {@code [name]} flag (then parts is
   * empty). {@code quoted} words held a quote, so they stay an argument even when they render
   * empty.
   */
  public record Word(List<Part> parts, String flag, boolean quoted) {
    public Word {
      parts = List.copyOf(parts);
    }

    /** The word's text when it has no placeholder and is no flag, else null. */
    public String literal() {
      if (flag != null) {
        return null;
      }
      StringBuilder s = new StringBuilder();
      for (Part p : parts) {
        if (!(p instanceof Text t)) {
          return null;
        }
        s.append(t.text());
      }
      return s.toString();
    }

    public boolean hasPlaceholder() {
      return flag != null || parts.stream().anyMatch(p -> p instanceof Placeholder);
    }
  }

  /**
   * Splits {@code text} into words (none for a blank line).
   *
   * @throws CommandSyntaxException for an unterminated quote, a malformed placeholder, a lone
   *     brace, a trailing backslash or shell syntax; it says where and how to fix it
   */
  public static List<Word> split(String text, boolean bracketFlags) {
    return new Scanner(text, bracketFlags).words();
  }

  /** A placeholder name: a letter or underscore, then letters, digits, {@code _} or {@code -}. */
  static boolean isName(String name) {
    if (name.isEmpty() || !(Character.isLetter(name.charAt(0)) || name.charAt(0) == '_')) {
      return false;
    }
    return name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-');
  }

  /**
   * {@code text} with control characters written as escapes ({@code \n}, {@code \t},
   * and other control characters as a unicode escape), so that a message quoting it stays one line.
   */
  public static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int k = 0; k < text.length(); k++) {
      char c = text.charAt(k);
      if (c == '\n') {
        out.append("\\n");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** One pass over the text. */
  private static final class Scanner {
    private static final String OPERATORS = "|&;<>()";
    private static final String DOUBLE_QUOTE_ESCAPES = "\"\\$`{}\n";

    private final String s;
    private final boolean bracketFlags;
    private final List<Word> words = new ArrayList<>();
    private final List<Part> parts = new ArrayList<>();
    private final StringBuilder literal = new StringBuilder();
    private boolean inWord;
    private boolean quoted;
    private int i;

    Scanner(String s, boolean bracketFlags) {
      this.s = s;
      this.bracketFlags = bracketFlags;
    }

    List<Word> words() {
      while (i < s.length()) {
        char c = s.charAt(i);
        if (Character.isWhitespace(c)) {
          endWord();
          i++;
        } else if (c == '\'' || c == '"') {
          quoted(c);
        } else if (c == '\\') {
          backslash();
        } else if (c == '[' && bracketFlags && !inWord && flag()) {
          continue;
        } else if (OPERATORS.indexOf(c) >= 0) {
          throw error("'" + c + "' is a shell operator, and commands run without a shell",
              "quote it ('" + c + "') to pass it as text, or put the shell code in a script file");
        } else if (c == '$' || c == '`') {
          throw expansion(c);
        } else {
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
        append(next);
      }
    }

    private void quoted(char quote) {
      int open = i++;
      inWord = true;
      quoted = true;
      while (i < s.length() && s.charAt(i) != quote) {
        char c = s.charAt(i);
        if (quote == '"' && c == '\\' && i + 1 < s.length()
            && DOUBLE_QUOTE_ESCAPES.indexOf(s.charAt(i + 1)) >= 0) {
          if (s.charAt(i + 1) != '\n') {
            append(s.charAt(i + 1));
          }
          i += 2;
        } else if (quote == '"' && (c == '$' || c == '`')) {
          throw expansion(c);
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
        append(c);
        i += 2;
      } else if (c == '{') {
        placeholder();
      } else if (c == '}') {
        throw error("unmatched '}'", "write }} for a literal brace");
      } else {
        append(c);
        i++;
      }
    }

    /** At '{': {name} or {name[key]...}, else an error. */
    private void placeholder() {
      int open = i;
      int k = i + 1;
      while (k < s.length() && (Character.isLetterOrDigit(s.charAt(k)) || "_-".indexOf(s.charAt(k)) >= 0)) {
        k++;
      }
      String name = s.substring(i + 1, k);
      List<String> keys = new ArrayList<>();
      while (at(k, '[')) {
        int close = k + 1;
        while (close < s.length() && "[]{}".indexOf(s.charAt(close)) < 0) {
          close++;
        }
        if (!at(close, ']') || close == k + 1) {
          break;
        }
        keys.add(s.substring(k + 1, close));
        k = close + 1;
      }
      if (!isName(name) || !at(k, '}')) {
        int end = s.indexOf('}', open);
        String shown = end < 0 ? s.substring(open) : s.substring(open, end + 1);
        throw error("malformed placeholder '" + shorten(shown) + "'",
            "write {name} or {name[key]}, or {{ and }} for literal braces");
      }
      flushLiteral();
      parts.add(new Placeholder(name, keys));
      inWord = true;
      i = k + 1;
    }

    /** At '[' starting an unquoted word: consumes a whole-word [name]; false otherwise. */
    private boolean flag() {
      int close = s.indexOf(']', i);
      if (close < 0 || !isName(s.substring(i + 1, close))) {
        return false;
      }
      if (close + 1 < s.length() && !Character.isWhitespace(s.charAt(close + 1))) {
        return false;
      }
      words.add(new Word(List.of(), s.substring(i + 1, close), false));
      i = close + 1;
      return true;
    }

    private CommandSyntaxException expansion(char c) {
      return error("'" + c + "' would be expanded by a shell, and commands run without one",
          "quote it with '...' to pass it as text");
    }

    private boolean at(int index, char c) {
      return index < s.length() && s.charAt(index) == c;
    }

    private void append(char c) {
      literal.append(c);
      inWord = true;
    }

    private void flushLiteral() {
      if (literal.length() > 0) {
        parts.add(new Text(literal.toString()));
        literal.setLength(0);
      }
    }

    private void endWord() {
      if (!inWord) {
        return;
      }
      flushLiteral();
      words.add(new Word(parts, null, quoted));
      parts.clear();
      inWord = false;
      quoted = false;
    }

    private CommandSyntaxException error(String problem, String fix) {
      return new CommandSyntaxException(problem, i + 1, fix);
    }

    private static String shorten(String text) {
      return printable(text.length() <= 40 ? text : text.substring(0, 37) + "...");
    }
  }
}
