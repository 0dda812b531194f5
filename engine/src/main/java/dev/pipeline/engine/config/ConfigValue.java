package dev.pipeline.engine.config;

import java.nio.file.Path;

/**
 * One option as the engine sees it after loading: where it came from, what was written and what it
 * means. {@code value} is {@code raw} after {@code ${VAR}} interpolation and {@code &::} reference
 * resolution. File values have a {@code file} and a 1-based {@code line}; environment values have
 * {@code file == null}, {@code line == 0} and the variable's name in {@code envVar}.
 *
 * @param section the section as written where the value came from ({@code luigi_Train} stays so)
 * @param key the option as written (dashes kept), for messages; lookups normalise it
 */
public record ConfigValue(
    String section, String key, String raw, String value, Path file, int line, String envVar) {

  /** A value read from a file (or made up by a caller, with {@code file == null}). */
  public ConfigValue(String section, String key, String raw, String value, Path file, int line) {
    this(section, key, raw, value, file, line, null);
  }

  /** A value taken literally from the environment variable {@code envVar}. */
  public static ConfigValue fromEnvironment(String section, String key, String value, String envVar) {
    return new ConfigValue(section, key, value, value, null, 0, envVar);
  }

  /** Whether the value came from an environment variable rather than a file. */
  public boolean fromEnvironment() {
    return envVar != null;
  }

  /** {@code file:line}, or the environment variable's name; the prefix of every message. */
  public String where() {
    if (envVar != null) {
      return envVar;
    }
    return ConfigException.where(file, line);
  }

  /** Human wording of the origin: {@code environment variable PIPELINE__TRAIN__LR} or file:line. */
  public String source() {
    if (envVar != null) {
      return "environment variable " + envVar;
    }
    String where = where();
    return where == null ? "built-in value" : where;
  }

  /** A copy with a different interpolated value; the loader resolves values after merging. */
  ConfigValue withValue(String newValue) {
    return new ConfigValue(section, key, raw, newValue, file, line, envVar);
  }
}
