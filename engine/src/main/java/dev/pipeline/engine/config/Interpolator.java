package dev.pipeline.engine.config;

import java.util.Map;

/**
 * Expands {@code ${NAME}} from the environment map. Escape rule: {@code $$} is a literal {@code $}.
 * Every other {@code $} is an error rather than being copied through, because a forgotten brace
 * ({@code $HOME/data}) would otherwise silently become a directory literally named "$HOME"; the
 * message says how to write either form. Backslashes are not special ({@code \$} stays two
 * characters) so that Windows paths and regexes need no escaping.
 */
final class Interpolator {
  private Interpolator() {}

  /**
   * Expands {@code raw}; {@code where}, {@code section} and {@code key} only word the errors.
   *
   * @throws ConfigException for an unset or empty variable, or a stray {@code $}
   */
  static String interpolate(
      String raw, Map<String, String> env, String where, String section, String key) {
    if (raw.indexOf('$') < 0) {
      return raw;
    }
    StringBuilder out = new StringBuilder(raw.length());
    int i = 0;
    while (i < raw.length()) {
      char c = raw.charAt(i);
      if (c != '$') {
        out.append(c);
        i++;
      } else if (i + 1 < raw.length() && raw.charAt(i + 1) == '$') {
        out.append('$');
        i += 2;
      } else if (i + 1 < raw.length() && raw.charAt(i + 1) == '{') {
        int close = raw.indexOf('}', i + 2);
        String name = close < 0 ? "" : raw.substring(i + 2, close);
        if (!isName(name)) {
          String shown = close < 0 ? raw.substring(i) : raw.substring(i, close + 1);
          throw ConfigException.of(where, section, key, "malformed variable '" + shown + "'",
              "write ${NAME} with letters, digits and _, or $$ for a literal '$'");
        }
        out.append(lookup(name, env, where, section, key));
        i = close + 1;
      } else {
        throw ConfigException.of(where, section, key,
            "stray '$' at character " + (i + 1) + " of '" + raw + "'",
            "write ${NAME} for a variable or $$ for a literal '$'");
      }
    }
    return out.toString();
  }

  private static String lookup(
      String name, Map<String, String> env, String where, String section, String key) {
    String value = env.get(name);
    if (value == null) {
      throw ConfigException.of(where, section, key, "unresolved variable ${" + name + "}",
          "export " + name + " or set the value here");
    }
    // An empty directory variable (aframe's run.sh leaves some blank for the user to fill in)
    // would turn "${DIR}/data" into "/data"; that is never what was meant.
    if (value.isEmpty()) {
      throw ConfigException.of(where, section, key, "variable ${" + name + "} is set but empty",
          "export " + name + " with a value or set the value here");
    }
    return value;
  }

  private static boolean isName(String s) {
    if (s.isEmpty() || !(Character.isLetter(s.charAt(0)) || s.charAt(0) == '_')) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '_')) {
        return false;
      }
    }
    return true;
  }
}
