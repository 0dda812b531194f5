package dev.pipeline.sweep;

import dev.pipeline.api.error.UsageException;
import dev.pipeline.engine.command.CommandLexer;
import dev.pipeline.engine.command.CommandLexer.Placeholder;
import dev.pipeline.engine.command.CommandLexer.Text;
import dev.pipeline.engine.command.CommandLexer.Word;
import dev.pipeline.engine.command.CommandSyntaxException;
import dev.pipeline.engine.command.InlineScripts;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A runner command template, split by the engine's {@link CommandLexer} (the same quoting, brace
 * and no-shell rules as a cfg {@code command}), with placeholders kept as holes. Values are
 * substituted after splitting, into the word that holds the hole, so a value can never add a word,
 * an operator or a redirection. Sweep additions:
 *
 * <ul>
 *   <li>{@code {p}} is the value of p (Python {@code str()}); {@code {_name}} and the other
 *       reserved names are the point's; placeholders take no {@code [key]};
 *   <li>{@code [p]} standing alone as an unquoted word becomes {@code --p value} (two words),
 *       {@code --p} for true, nothing for false; elsewhere it is literal text;
 *   <li>an unquoted word that renders empty is dropped; a quoted one stays an empty argument.
 * </ul>
 */
final class CommandTemplate {
  /** A sweep template is YAML text: a literal {@code $} is itself, for advice. */
  private static final String DOLLAR = "$";

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
    List<Word> words;
    try {
      words = CommandLexer.split(source, true);
      if (!words.isEmpty()) {
        InlineScripts.check(words, DOLLAR);
      }
    } catch (CommandSyntaxException e) {
      throw new UsageException("template '" + name + "'"
          + (e.column() > 0 ? ", column " + e.column() : "") + ": " + e.problem() + "; " + e.fix()
          + " (in: " + shown(source) + ")");
    }
    if (words.isEmpty()) {
      throw new UsageException("template '" + name + "' is empty");
    }
    for (Word w : words) {
      for (CommandLexer.Part p : w.parts()) {
        if (p instanceof Placeholder h && !h.keys().isEmpty()) {
          throw new UsageException("template '" + name + "': " + h + " takes no [key] in a sweep;"
              + " write {" + h.name() + "} (in: " + shown(source) + ")");
        }
      }
    }
    return new CommandTemplate(name, source, words);
  }

  /** The template as one line, for messages: a YAML block may span several. */
  private static String shown(String source) {
    return CommandLexer.printable(source.strip().replaceAll("\\s*\\n\\s*", " "));
  }

  String name() {
    return name;
  }

  String source() {
    return source;
  }

  /** Names used as {@code {p}}. */
  Set<String> values() {
    Set<String> out = new LinkedHashSet<>();
    for (Word w : words) {
      for (CommandLexer.Part p : w.parts()) {
        if (p instanceof Placeholder h) {
          out.add(h.name());
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
      for (CommandLexer.Part p : w.parts()) {
        text.append(p instanceof Text t ? t.text() : value.apply(((Placeholder) p).name()));
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
}
