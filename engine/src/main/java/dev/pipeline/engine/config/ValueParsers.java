package dev.pipeline.engine.config;

import dev.pipeline.api.text.Booleans;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers for parameter values, shared by cfg validation and the engine's parameter layer. Each
 * throws {@link IllegalArgumentException} whose message is a precise reason worded as what to
 * write instead, so callers can append it to their own "got 'x'" message.
 *
 * <p>Type names: {@code string, int, long, double, boolean, enum:A|B|C} (angle brackets around the
 * choices are allowed), {@code path, duration, list}.
 */
public final class ValueParsers {
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+(_\\d+)*");
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(\\d+(_\\d+)*(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern DURATION_PART = Pattern.compile("\\s*(\\d+)\\s*([A-Za-z]+)\\s*");
  private static final String DURATION_HINT = "write e.g. 90s, 5m, 2h, 1d, 1h30m or PT5M";
  private static final String DURATION_UNITS = "dhms";
  private static final List<String> SIMPLE_TYPES =
      List.of("string", "int", "long", "double", "boolean", "path", "duration", "list");

  private ValueParsers() {}

  /** A whole number; underscores between digits are allowed ({@code 500_000}), as in Python. */
  public static int parseInt(String value) {
    long v = parseLong(value);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("out of range for int (" + Integer.MIN_VALUE + " to "
          + Integer.MAX_VALUE + "), use a long parameter for larger numbers");
    }
    return (int) v;
  }

  public static long parseLong(String value) {
    String v = value.strip();
    if (!INTEGER.matcher(v).matches()) {
      throw new IllegalArgumentException("write a whole number such as 42");
    }
    try {
      return Long.parseLong(v.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "out of range for long (" + Long.MIN_VALUE + " to " + Long.MAX_VALUE + ")");
    }
  }

  /** A decimal number; Java's extra forms ({@code 1d}, hex, {@code NaN}) are rejected. */
  public static double parseDouble(String value) {
    String v = value.strip();
    if (!DECIMAL.matcher(v).matches()) {
      throw new IllegalArgumentException("write a number such as 0.5, 3 or 1e-3");
    }
    double d = Double.parseDouble(v.replace("_", ""));
    if (Double.isInfinite(d)) {
      throw new IllegalArgumentException("out of range for double");
    }
    return d;
  }

  /**
   * {@code true/false, yes/no, on/off, 1/0}, any case: the one boolean grammar of cfg values,
   * environment variables and parameters.
   */
  public static boolean parseBoolean(String value) {
    return Booleans.parse(value);
  }

  /** One of {@code choices}, matched ignoring case; returns the choice as declared. */
  public static String parseEnum(String value, List<String> choices) {
    String v = value.strip();
    for (String choice : choices) {
      if (choice.equalsIgnoreCase(v)) {
        return choice;
      }
    }
    throw new IllegalArgumentException("write one of " + String.join(", ", choices));
  }

  /** Any non-empty path; it need not exist yet (outputs usually do not). */
  public static Path parsePath(String value) {
    String v = value.strip();
    if (v.isEmpty()) {
      throw new IllegalArgumentException("write a file or directory path");
    }
    try {
      return Path.of(v);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("not a valid path: " + e.getReason());
    }
  }

  /**
   * {@code 90s}, {@code 5m}, {@code 2h}, {@code 1d}, combined largest unit first ({@code 1h30m},
   * {@code 1d 2h}), or ISO-8601 ({@code PT5M}, {@code P1DT2H}). No unit-less numbers: whether
   * {@code 90} means seconds or minutes is exactly the mistake this type exists to prevent.
   */
  public static Duration parseDuration(String value) {
    String v = value.strip();
    if (v.isEmpty()) {
      throw new IllegalArgumentException("empty duration, " + DURATION_HINT);
    }
    if (v.charAt(0) == 'P' || v.charAt(0) == 'p') {
      return parseIso(v);
    }
    Matcher m = DURATION_PART.matcher(v);
    Duration total = Duration.ZERO;
    int pos = 0;
    int lastUnit = -1;
    while (pos < v.length()) {
      if (!m.find(pos) || m.start() != pos) {
        String missing = v.substring(pos).strip();
        throw new IllegalArgumentException(missing.chars().allMatch(Character::isDigit)
            ? "missing unit after '" + missing + "', " + DURATION_HINT
            : "cannot read '" + v.substring(pos).strip() + "', " + DURATION_HINT);
      }
      String unit = m.group(2).toLowerCase(Locale.ROOT);
      int rank = unit.equals("ms") ? DURATION_UNITS.length()
          : unit.length() == 1 ? DURATION_UNITS.indexOf(unit.charAt(0)) : -1;
      if (rank < 0) {
        throw new IllegalArgumentException(
            "unknown unit '" + m.group(2) + "' (use d, h, m, s or ms, or ISO-8601 like PT5M)");
      }
      if (rank <= lastUnit) {
        throw new IllegalArgumentException(
            "units must go from largest to smallest (d, h, m, s, ms), each at most once");
      }
      lastUnit = rank;
      total = total.plus(amount(m.group(1), unit));
      pos = m.end();
    }
    return total;
  }

  private static Duration amount(String digits, String unit) {
    try {
      long n = Long.parseLong(digits);
      return switch (unit) {
        case "d" -> Duration.ofDays(n);
        case "h" -> Duration.ofHours(n);
        case "m" -> Duration.ofMinutes(n);
        case "ms" -> Duration.ofMillis(n);
        default -> Duration.ofSeconds(n);
      };
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("duration too large");
    }
  }

  /** The shortest text {@link #parseDuration} reads back to {@code d}: {@code 1h30m}, {@code 500ms}. */
  public static String formatDuration(Duration d) {
    long ms = d.toMillis();
    StringBuilder out = new StringBuilder();
    long[] units = {86_400_000L, 3_600_000L, 60_000L, 1000L, 1L};
    String[] names = {"d", "h", "m", "s", "ms"};
    for (int i = 0; i < units.length; i++) {
      if (ms >= units[i]) {
        out.append(ms / units[i]).append(names[i]);
        ms %= units[i];
      }
    }
    return out.length() == 0 ? "0s" : out.toString();
  }

  private static Duration parseIso(String v) {
    Duration d;
    try {
      d = Duration.parse(v.toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("malformed ISO-8601 duration, write e.g. PT5M or P1DT2H");
    }
    if (d.isNegative()) {
      throw new IllegalArgumentException("a duration cannot be negative");
    }
    return d;
  }

  /** Items separated by commas or newlines, trimmed; empty items (a trailing comma) dropped. */
  public static List<String> parseList(String value) {
    List<String> items = new ArrayList<>();
    for (String item : value.split("[,\n]")) {
      if (!item.isBlank()) {
        items.add(item.strip());
      }
    }
    return items;
  }

  /** The choices of an {@code enum:A|B|C} type (brackets optional); empty for other types. */
  public static List<String> enumChoices(String type) {
    String t = type.strip();
    if (!t.startsWith("enum:")) {
      return List.of();
    }
    String body = t.substring(5).strip();
    if (body.startsWith("<") && body.endsWith(">")) {
      body = body.substring(1, body.length() - 1);
    }
    List<String> choices = new ArrayList<>();
    for (String c : body.split("\\|")) {
      if (!c.isBlank()) {
        choices.add(c.strip());
      }
    }
    return choices;
  }

  /**
   * Checks that {@code type} is a known type name.
   *
   * @throws IllegalArgumentException naming the accepted types
   */
  public static void checkType(String type) {
    if (SIMPLE_TYPES.contains(type.strip()) || !enumChoices(type).isEmpty()) {
      return;
    }
    throw new IllegalArgumentException("unknown parameter type '" + type + "'; use one of "
        + String.join(", ", SIMPLE_TYPES) + " or enum:A|B|C");
  }

  /**
   * Parses {@code value} as {@code type}: Integer, Long, Double, Boolean, String (string and
   * enum), Path, Duration or List of String.
   */
  public static Object parse(String type, String value) {
    checkType(type);
    String t = type.strip();
    if (t.startsWith("enum:")) {
      return parseEnum(value, enumChoices(t));
    }
    return switch (t) {
      case "int" -> parseInt(value);
      case "long" -> parseLong(value);
      case "double" -> parseDouble(value);
      case "boolean" -> parseBoolean(value);
      case "path" -> parsePath(value);
      case "duration" -> parseDuration(value);
      case "list" -> parseList(value);
      default -> value;
    };
  }
}
