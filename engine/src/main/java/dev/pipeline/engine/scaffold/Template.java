package dev.pipeline.engine.scaffold;

import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code {{name}}} substitution, nothing more. Values are escaped for the file they land in (a
 * shell word in scripts, {@code $$} for a literal {@code $} in cfg files), and a placeholder
 * without a value is an error, so a typo in a template fails its test instead of writing
 * {@code {{directroy}}} into somebody's run.
 */
final class Template {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z0-9_]+)}}");
  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:,=+@%-]+");

  private Template() {}

  static String render(String name, String text, Map<String, String> values) {
    UnaryOperator<String> escape = escaping(name);
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalStateException(
            "template " + name + ": no value for {{" + m.group(1) + "}}; known: " + values.keySet());
      }
      m.appendReplacement(out, Matcher.quoteReplacement(escape.apply(value)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static UnaryOperator<String> escaping(String name) {
    if (name.endsWith(".sh")) {
      return Template::shellWord;
    }
    if (name.endsWith(".cfg")) {
      return v -> v.replace("$", "$$");
    }
    return UnaryOperator.identity();
  }

  /** The value as one shell word: bare when that is safe, else single-quoted. */
  static String shellWord(String value) {
    if (SHELL_SAFE.matcher(value).matches()) {
      return value;
    }
    return "'" + value.replace("'", "'\\''") + "'";
  }
}
