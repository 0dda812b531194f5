package dev.pipeline.engine.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The engine-level options of one family's cfg section: {@code [Train] command}, {@code timeout}
 * and {@code workdir}. Values are kept with their origin so that problems found later (an unknown
 * placeholder) can still name {@code file:line}.
 *
 * @param command the command line that replaces the family's run(), or null
 * @param timeout limit for the command, or null for none
 * @param workdir working directory of the command as written (relative to the run directory), or
 *     null for the run directory
 */
public record TaskSettings(ConfigValue command, Duration timeout, Path workdir) {
  public static final TaskSettings NONE = new TaskSettings(null, null, null);

  /**
   * Reads the options from a family's own section (shared sections hold parameters only).
   *
   * @throws ConfigException for a timeout or workdir that cannot be read
   */
  public static TaskSettings of(Map<String, ConfigValue> section) {
    ConfigValue command = section.get("command");
    ConfigValue timeout = section.get("timeout");
    ConfigValue workdir = section.get("workdir");
    if (command == null && timeout == null && workdir == null) {
      return NONE;
    }
    return new TaskSettings(command, timeout == null ? null : duration(timeout),
        workdir == null ? null : path(workdir));
  }

  public Optional<ConfigValue> commandValue() {
    return Optional.ofNullable(command);
  }

  private static Duration duration(ConfigValue v) {
    try {
      Duration d = ValueParsers.parseDuration(v.value());
      if (d.isZero()) {
        throw new IllegalArgumentException("a zero timeout would kill the command at once;"
            + " remove the key for no limit");
      }
      return d;
    } catch (IllegalArgumentException e) {
      throw ConfigException.of(v.where(), v.section(), v.key(),
          "wrong type: expected duration, got '" + v.value() + "'", e.getMessage());
    }
  }

  private static Path path(ConfigValue v) {
    try {
      return ValueParsers.parsePath(v.value());
    } catch (IllegalArgumentException e) {
      throw ConfigException.of(v.where(), v.section(), v.key(),
          "wrong type: expected path, got '" + v.value() + "'", e.getMessage());
    }
  }
}
