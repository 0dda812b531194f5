package dev.pipeline.engine.model;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Human durations: {@code 90s}, {@code 5m}, {@code 1h30m}, {@code 2d}, {@code 250ms}, or ISO-8601. */
public final class Durations {
  private static final String SHAPES = "a duration such as 90s, 5m, 1h30m, 2d or PT5M";
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

  private Durations() {}

  public static Duration parse(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    if (s.startsWith("p")) {
      try {
        return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        // Not an IllegalArgumentException: callers would report it as an internal error.
        throw new IllegalArgumentException(SHAPES, e);
      }
    }
    if (s.matches("\\d+")) {
      return Duration.ofSeconds(Long.parseLong(s));
    }
    Matcher m = PART.matcher(s);
    long millis = 0;
    int end = 0;
    while (m.find() && m.start() == end) {
      double amount = Double.parseDouble(m.group(1));
      millis += (long) (amount * unitMillis(m.group(2)));
      end = m.end();
    }
    if (end == 0 || end != s.length()) {
      throw new IllegalArgumentException(SHAPES);
    }
    return Duration.ofMillis(millis);
  }

  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 1000 != 0) {
      return ms + "ms";
    }
    long s = ms / 1000;
    StringBuilder out = new StringBuilder();
    long[] units = {86400, 3600, 60, 1};
    String[] names = {"d", "h", "m", "s"};
    for (int i = 0; i < units.length; i++) {
      if (s >= units[i]) {
        out.append(s / units[i]).append(names[i]);
        s %= units[i];
      }
    }
    return out.length() == 0 ? "0s" : out.toString();
  }

  private static long unitMillis(String unit) {
    return switch (unit) {
      case "ms" -> 1L;
      case "s" -> 1000L;
      case "m" -> 60_000L;
      case "h" -> 3_600_000L;
      default -> 86_400_000L;
    };
  }
}
