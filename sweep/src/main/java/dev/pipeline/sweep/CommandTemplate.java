package dev.pipeline.sweep;

import dev.pipeline.api.error.UsageException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A runner command template split into argv words the way a POSIX shell would split it (blanks,
 * single quotes, double quotes, backslash escapes), with placeholders kept as holes. Values are
 * substituted after splitting, into the word that holds the hole, so a value can never add a word,
 * an operator or a redirection: {@code {p}} always stays inside its word, whatever p contains.
 *
 * <ul>
 *   <li>{@code {p}} is the value of p (Python {@code str()}), anywhere in a word, quoted or not.
 *   <li>{@code [p]} standing alone as an unquoted word becomes {@code --p value} (two words),
 *       {@code --p} for true, nothing for false; elsewhere it is literal text.
 *   <li>{@code \{} and {@code \[} outside single quotes are literal braces.
 *   <li>There is no shell: pipes, redirections, {@code ;}, {@code &&}, {@code $VAR} and backquotes
 *       are rejected with a message instead of being passed on as words.
 * </ul>
 */
final class CommandTemplate {
  private static final Pattern NAME = Pattern.compile("[\\w-]+", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "zsh", "ksh", "fish");

  /** One piece of a word: literal text or the value of a parameter. */
  sealed interface Part permits Text, Value {}

  record Text(String text) implements Part {}

  record Value(String name) implements Part {}

  /**
   * One argv word. {@code flag} is the name of a stand-alone {@code [p]} (then parts is empty);
   * {@code quoted} words are kept even when they render empty.
   */
  record Word(List<Part> parts, String flag, boolean quoted) {}

  private final String name;
  private final String source;
  private final List<Word> words;

  private CommandTemplate(String name, String source, List<Word> words) {
    this.name = name;
    this.source = source;
    this.words = List.copyOf(words);
  }

  /** Splits {@code source}; {@code name} (the command's name) is used in error messages. */
  static CommandTemplate parse(String name, String source) {
    List<Word> words = new Parser(name, source).parse();
    if (words.isEmpty()) {
      throw new UsageException("template '" + name + "' is empty");
    }
    CommandTemplate t = new CommandTemplate(name, source, words);
    t.checkShellScripts();
    return t;
  }

  String name() {
    return name;
  }

  String source() {
    return source;
  }

  List<Word> words() {
    return words;
  }

  /** Names used as {@code {p}}. */
  Set<String> values() {
    Set<String> out = new LinkedHashSet<>();
    for (Word w : words) {
      for (Part p : w.parts()) {
        if (p instanceof Value v) {
          out.add(v.name());
        }
      }
    }
    return out;
  }

  /** Names used as a stand-alone {@code [p]}. */
  Set<String> flags() {
    Set<String> out = new LinkedHashSet<>();
    for (Word w : words) {
      if (w.flag() != null) {
        out.add(w.flag());
      }
    }
    return out;
  }

  /** Every placeholder name, {@code {p}} and {@code [p]}. */
  Set<String> placeholders() {
    Set<String> out = new LinkedHashSet<>(values());
    out.addAll(flags());
    return out;
  }

  /**
   * The argv: {@code value} renders a {@code {p}} hole, {@code flag} expands a {@code [p]} word
   * into zero or more words. Each rendered value lands in exactly one word.
   */
  List<String> render(Function<String, String> value, Function<String, List<String>> flag) {
    List<String> argv = new ArrayList<>();
    for (Word w : words) {
      if (w.flag() != null) {
        argv.addAll(flag.apply(w.flag()));
        continue;
      }
      StringBuilder text = new StringBuilder();
      for (Part p : w.parts()) {
        text.append(p instanceof Text t ? t.text() : value.apply(((Value) p).name()));
      }
      if (text.length() > 0 || w.quoted()) {
        argv.add(text.toString());
      }
    }
    if (argv.isEmpty()) {
      throw new UsageException("template '" + name + "' renders to an empty command");
    }
    return argv;
  }

  /**
   * A placeholder inside the script of {@code bash -c '...'} would make a value shell code: refuse
   * it and show the safe form, which passes values as positional parameters.
   */
  private void checkShellScripts() {
    Word first = words.get(0);
    if (first.flag() != null || first.parts().size() != 1 || !(first.parts().get(0) instanceof Text t)) {
      return;
    }
    String program = t.text().substring(t.text().lastIndexOf('/') + 1);
    if (!SHELLS.contains(program)) {
      return;
    }
    boolean dashC = false;
    for (int i = 1; i < words.size(); i++) {
      Word w = words.get(i);
      String literal = w.flag() == null && w.parts().size() == 1
          && w.parts().get(0) instanceof Text c ? c.text() : null;
      if (literal != null && literal.matches("[-+][A-Za-z]+") ) {
        dashC |= literal.startsWith("-") && literal.indexOf('c') > 0;
        continue;
      }
      if (literal != null && literal.startsWith("--")) {
        continue;
      }
      // The first operand: with -c it is the script, otherwise a script file.
      if (dashC && (w.flag() != null || w.parts().stream().anyMatch(p -> p instanceof Value))) {
        throw new UsageException("template '" + name + "': a placeholder inside the script of '"
            + program + " -c' would run parameter values as shell code; pass them as arguments "
            + "instead: " + program + " -c 'cmd \"$1\" \"$2\"' _ {a} {b}");
      }
      return;
    }
  }

  /** The splitter: one pass over the template, in the quoting rules of a POSIX shell. */
  private static final class Parser {
    private final String name;
    private final String s;
    private final List<Word> words = new ArrayList<>();
    private List<Part> parts = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private boolean inWord;
    private boolean quoted;
    private int i;

    Parser(String name, String source) {
      this.name = name;
      this.s = source;
    }

    List<Word> parse() {
      while (i < s.length()) {
        char c = s.charAt(i);
        if (Character.isWhitespace(c)) {
          endWord();
          i++;
        } else if (c == '\'') {
          single();
        } else if (c == '"') {
          dbl();
        } else if (c == '\\') {
          if (i + 1 >= s.length()) {
            throw error(i, "a trailing backslash escapes nothing");
          }
          char next = s.charAt(i + 1);
          if (next == '\n') {
            i += 2; // line continuation
            continue;
          }
          append(next);
          i += 2;
        } else if (c == '[' && !inWord && standaloneFlag()) {
          continue;
        } else if (c == '{' && placeholder()) {
          continue;
        } else if ("|&;<>()".indexOf(c) >= 0) {
          throw error(i, "'" + c + "' is a shell operator, and commands run without a shell; "
              + "split the work into several templates (they run in order and stop at the first "
              + "failure), or quote the character to pass it as text");
        } else if (c == '$' || c == '`') {
          throw error(i, "'" + c + "' would be expanded by a shell, and commands run without one;"
              + " write the value out, put it in 'default', or quote it with '...' to pass it as text");
        } else {
          append(c);
          i++;
        }
      }
      endWord();
      return words;
    }

    private void single() {
      int end = s.indexOf('\'', i + 1);
      if (end < 0) {
        throw error(i, "unterminated single quote");
      }
      quoted = true;
      inWord = true;
      i++;
      while (i < end) {
        if (s.charAt(i) == '{' && placeholder()) {
          continue;
        }
        append(s.charAt(i++));
      }
      i = end + 1;
    }

    private void dbl() {
      int start = i;
      quoted = true;
      inWord = true;
      i++;
      while (true) {
        if (i >= s.length()) {
          throw error(start, "unterminated double quote");
        }
        char c = s.charAt(i);
        if (c == '"') {
          i++;
          return;
        }
        if (c == '\\' && i + 1 < s.length() && "\"\\$`{[".indexOf(s.charAt(i + 1)) >= 0) {
          append(s.charAt(i + 1));
          i += 2;
        } else if (c == '$' || c == '`') {
          throw error(i, "'" + c + "' inside double quotes would be expanded by a shell, and "
              + "commands run without one; use single quotes to pass it as text");
        } else if (c == '{' && placeholder()) {
          // consumed
        } else {
          append(c);
          i++;
        }
      }
    }

    /** At '{': consumes {name} as a hole; false (nothing consumed) when it is not one. */
    private boolean placeholder() {
      Matcher m = NAME.matcher(s).region(i + 1, s.length());
      if (!m.lookingAt() || m.end() >= s.length() || s.charAt(m.end()) != '}') {
        return false;
      }
      flushText();
      parts.add(new Value(m.group()));
      inWord = true;
      i = m.end() + 1;
      return true;
    }

    /** At '[' starting a word: consumes a whole-word [name]; false when it is something else. */
    private boolean standaloneFlag() {
      Matcher m = NAME.matcher(s).region(i + 1, s.length());
      if (!m.lookingAt() || m.end() >= s.length() || s.charAt(m.end()) != ']') {
        return false;
      }
      int after = m.end() + 1;
      if (after < s.length() && !Character.isWhitespace(s.charAt(after))) {
        return false;
      }
      words.add(new Word(List.of(), m.group(), false));
      i = after;
      return true;
    }

    private void append(char c) {
      text.append(c);
      inWord = true;
    }

    private void flushText() {
      if (text.length() > 0) {
        parts.add(new Text(text.toString()));
        text.setLength(0);
      }
    }

    private void endWord() {
      if (!inWord) {
        return;
      }
      flushText();
      words.add(new Word(List.copyOf(parts), null, quoted));
      parts = new ArrayList<>();
      inWord = false;
      quoted = false;
    }

    private UsageException error(int at, String message) {
      return new UsageException("template '" + name + "', column " + (at + 1) + ": " + message
          + " (in: " + s.strip() + ")");
    }
  }
}
