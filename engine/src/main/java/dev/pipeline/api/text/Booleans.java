package dev.pipeline.api.text;

import java.util.Locale;

/**
 * The one boolean grammar of every setting: {@code true}/{@code false}, {@code yes}/{@code no},
 * {@code on}/{@code off}, {@code 1}/{@code 0}, in any case. In a package of its own that depends on nothing, so that
 * the cfg reader, the S3 settings and task code read booleans alike.
 */
public final class Booleans {
  private Booleans() {}

  /** @throws IllegalArgumentException naming the accepted spellings */
  public static boolean parse(String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw new IllegalArgumentException("write true, false, yes, no, on, off, 1 or 0");
    };
  }
}
