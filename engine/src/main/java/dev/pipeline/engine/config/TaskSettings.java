package dev.pipeline.engine.config;

import dev.pipeline.api.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The engine-level options of one family's cfg section: {@code [Train] command}, {@code timeout},
 * {@code workdir}, {@code retries}, {@code retry_backoff}, {@code priority} and {@code version}. Values are kept
 * with their origin so that problems found later (an unknown placeholder) can still name
 * {@code file:line}.
 *
 * @param command the command line that replaces the family's run(), or null
 * @param timeout limit for one attempt (the command, or run() of a Java task), or null for none
 * @param workdir working directory of the command as written (relative to the run directory), or
 *     null for the run directory
 * @param retries extra attempts after a retryable failure, or null for the task's or run's policy
 * @param retryBackoff wait before the first retry (doubling after), or null for the policy's own
 * @param priority rank among ready tasks (higher first), or null for the task's {@code priority()}
 * @param version the family's code version over its {@code @Family(version)} (a cfg command's
 *     author bumps it when the command changes what it makes), or null
 */
public record TaskSettings(ConfigValue command, Duration timeout, Path workdir, Integer retries,
    Duration retryBackoff, Integer priority, Integer version) {
  public static final TaskSettings NONE =
      new TaskSettings(null, null, null, null, null, null, null);

  /**
   * Reads the options from a family's own section (shared sections hold parameters only).
   *
   * @throws ConfigException for a value that cannot be read
   */
  public static TaskSettings of(Map<String, ConfigValue> section) {
    ConfigValue command = section.get("command");
    ConfigValue timeout = section.get("timeout");
    ConfigValue workdir = section.get("workdir");
    ConfigValue retries = section.get("retries");
    ConfigValue backoff = section.get("retry_backoff");
    ConfigValue priority = section.get("priority");
    ConfigValue version = section.get("version");
    if (command == null && timeout == null && workdir == null && retries == null
        && backoff == null && priority == null && version == null) {
      return NONE;
    }
    return new TaskSettings(command, timeout == null ? null : duration(timeout),
        workdir == null ? null : path(workdir), retries == null ? null : count(retries),
        backoff == null ? null : backoff(backoff), priority == null ? null : integer(priority),
        version == null ? null : integer(version));
  }

  /**
   * The retry policy of a task of this family: {@code retries} and {@code retry_backoff} from the
   * cfg over {@code base} (the task's own {@code retryPolicy()}, else the run's default).
   */
  public RetryPolicy retryPolicy(RetryPolicy base) {
    if (retries == null && retryBackoff == null) {
      return base;
    }
    int attempts = retries != null ? retries + 1 : base.attempts();
    Duration wait = retryBackoff != null ? retryBackoff
        : base.attempts() > 1 ? base.initialBackoff() : DEFAULT_BACKOFF;
    return new RetryPolicy(attempts, wait, base.attempts() > 1 ? base.multiplier() : 2.0,
        base.maxBackoff().compareTo(wait) > 0 ? base.maxBackoff() : MAX_BACKOFF);
  }

  /** The wait before a first retry when nothing names one, as for {@code --retry-backoff}. */
  public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(10);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(10);

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

  private static int count(ConfigValue v) {
    int n = integer(v);
    if (n < 0) {
      throw ConfigException.of(v.where(), v.section(), v.key(), "must be >= 0, got " + n,
          "write the number of extra attempts after a failure (0 for none)");
    }
    return n;
  }

  private static int integer(ConfigValue v) {
    try {
      return ValueParsers.parseInt(v.value());
    } catch (IllegalArgumentException e) {
      throw ConfigException.of(v.where(), v.section(), v.key(),
          "wrong type: expected int, got '" + v.value() + "'", e.getMessage());
    }
  }

  private static Duration backoff(ConfigValue v) {
    try {
      return ValueParsers.parseDuration(v.value());
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
