package dev.pipeline.engine.config;

import dev.pipeline.api.Configuration;
import dev.pipeline.api.Task;
import dev.pipeline.api.targets.s3.S3Store;
import java.util.Collection;
import java.util.Optional;

/**
 * Where parameter defaults come from besides the code: the command line ({@code --Train-lr}),
 * {@code PIPELINE__TRAIN__LR}, and the cfg ({@code [Train] lr}, its shared sections). The engine
 * consults it whenever it creates a task from a family (see {@code Task.req}), and asks it for a
 * family's engine-level {@link TaskSettings} ({@code [Train] command}) when a run starts.
 */
public interface ParameterSource extends Configuration {
  ParameterSource NONE = new ParameterSource() {
    @Override
    public Optional<Value> value(String family, String parameter, Collection<String> all) {
      return Optional.empty();
    }

    @Override
    public boolean configures(String family) {
      return false;
    }
  };

  /**
   * The configured value of {@code family}'s {@code parameter}, with where it came from.
   *
   * @param all every parameter name of the family (shared sections only supply those)
   */
  Optional<Value> value(String family, String parameter, Collection<String> all);

  /**
   * Whether {@link #value} can answer anything for {@code family}; false lets the engine skip
   * the per-parameter lookups for the (usually many) tasks of families nobody configured.
   */
  default boolean configures(String family) {
    return true;
  }

  /**
   * The family's engine settings ({@code command}, {@code timeout}, {@code workdir}, {@code
   * retries}, {@code retry_backoff}, {@code priority}); {@link TaskSettings#NONE} when it has none
   * (runs without a cfg).
   *
   * @throws ConfigException for a value that cannot be read
   */
  default TaskSettings settings(String family) {
    return TaskSettings.NONE;
  }

  /**
   * Where the family's command runs ({@code sandbox}, from its section or {@code [core]});
   * {@link SandboxSettings#NONE} without one.
   *
   * @throws ConfigException for a value that cannot be used
   */
  default SandboxSettings sandbox(String family) {
    return SandboxSettings.NONE;
  }

  /**
   * The services the family's tasks need ({@code services = a, b}), each from its
   * {@code [service.NAME]} section; empty without any.
   *
   * @throws ConfigException for a name without a section or a value that cannot be used
   */
  default java.util.List<ServiceSettings> services(String family) {
    return java.util.List.of();
  }

  /**
   * Sources that are not a run's (tests, {@link #NONE}) have only the process environment for
   * their S3 settings; a run's source ({@link ConfiguredParameters}) carries the run's store.
   */
  @Override
  default S3Store s3Store() {
    return S3Store.environment();
  }

  /** The configuration {@code task} was created with, or {@link #NONE}. */
  static ParameterSource of(Task task) {
    return of(task.configuration());
  }

  /** {@code configuration} as the engine's, or {@link #NONE} for null. */
  static ParameterSource of(Configuration configuration) {
    return configuration instanceof ParameterSource p ? p : NONE;
  }

  /** A configured value as text and its origin for messages ({@code sandbox.cfg:12}). */
  record Value(String text, String origin) {}
}
