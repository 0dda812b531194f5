package dev.pipeline.engine.config;

/**
 * Name normalisation shared by lookups, references, environment overrides and validation. law
 * pushes {@code [luigi_X]} sections into luigi as {@code [X]}, and luigi/law treat {@code -} and
 * {@code _} alike in option names; cfgs written for law must keep working, so we do the same.
 * Original spellings are kept on {@link ConfigValue} for messages.
 */
public final class ConfigNames {
  private static final String LUIGI_PREFIX = "luigi_";

  private ConfigNames() {}

  /** {@code luigi_Train} and {@code Train} name the same section. */
  public static String section(String name) {
    String trimmed = name.trim();
    if (trimmed.startsWith(LUIGI_PREFIX) && trimmed.length() > LUIGI_PREFIX.length()) {
      return trimmed.substring(LUIGI_PREFIX.length());
    }
    return trimmed;
  }

  /** {@code learning-rate} and {@code learning_rate} name the same option. */
  public static String key(String name) {
    return name.trim().replace('-', '_');
  }
}
