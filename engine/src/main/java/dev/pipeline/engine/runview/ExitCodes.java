package dev.pipeline.engine.runview;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The exit code of an attempt's process as far as the journal says: the journal records a failed
 * attempt's message ({@code command 'python' exited with code 3}, {@code ... with exit code 137}),
 * not a number, so the number is read back from those words.
 */
final class ExitCodes {
  private static final Pattern CODE = Pattern.compile("exit(?:ed with)? code (-?\\d+)");

  private ExitCodes() {}

  /** The code a message names, or null when it names none. */
  static Integer fromMessage(String message) {
    if (message == null) {
      return null;
    }
    Matcher m = CODE.matcher(message);
    return m.find() ? Integer.valueOf(m.group(1)) : null;
  }
}
