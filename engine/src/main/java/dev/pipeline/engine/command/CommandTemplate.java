package dev.pipeline.engine.command;

import dev.pipeline.engine.command.CommandLexer.Placeholder;
import dev.pipeline.engine.command.CommandLexer.Text;
import dev.pipeline.engine.command.CommandLexer.Word;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A command line from the cfg ({@code python -m train --lr {lr} --out {output}}) as a list of
 * words, split by {@link CommandLexer} (the quoting and brace rules are there): no shell ever runs,
 * and placeholders are substituted inside their word after splitting, so a value containing
 * spaces, quotes, {@code ;} or {@code $(...)} stays one argument. A placeholder inside the script
 * of {@code bash -c} and the like is refused ({@link InlineScripts}).
 */
public final class CommandTemplate {
  /** How a cfg file writes a literal {@code $} (see the cfg's interpolation), for advice. */
  private static final String CFG_DOLLAR = "$$";

  private final String text;
  private final List<Word> words;

  private CommandTemplate(String text, List<Word> words) {
    this.text = text;
    this.words = words;
  }

  /**
   * Splits {@code text} into words.
   *
   * @throws CommandSyntaxException for an unterminated quote or placeholder, a lone brace, shell
   *     syntax, a placeholder in an inline script, or a template without a program; the message
   *     says where and how to fix it
   */
  public static CommandTemplate parse(String text) {
    List<Word> words = CommandLexer.split(text, false);
    if (words.isEmpty()) {
      throw new CommandSyntaxException("empty command", 0, "write the program and its arguments");
    }
    InlineScripts.check(words, CFG_DOLLAR);
    return new CommandTemplate(text, words);
  }

  public String text() {
    return text;
  }

  /** Every placeholder, in order of first appearance. */
  public Set<Placeholder> placeholders() {
    Set<Placeholder> all = new LinkedHashSet<>();
    for (Word word : words) {
      for (CommandLexer.Part part : word.parts()) {
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
    for (Word word : words) {
      StringBuilder out = new StringBuilder();
      for (CommandLexer.Part part : word.parts()) {
        out.append(part instanceof Placeholder p ? values.apply(p) : ((Text) part).text());
      }
      argv.add(out.toString());
    }
    return argv;
  }

  @Override
  public String toString() {
    return text;
  }
}
