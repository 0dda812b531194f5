package dev.pipeline.engine.command;

import dev.pipeline.engine.config.ParameterSource;
import dev.pipeline.engine.config.TaskSettings;
import dev.pipeline.api.Task;
import dev.pipeline.engine.model.TaskFamily;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which families of a run have their run() replaced by a cfg {@code command}, and their other
 * engine-level settings: asked of the run's {@link ParameterSource} once per family. Without a cfg the answer is always "none".
 */
public final class CommandLookup {
  private final ParameterSource source;
  private final Map<String, Optional<ConfiguredCommand>> byFamily = new ConcurrentHashMap<>();

  public CommandLookup(ParameterSource source) {
    this.source = source;
  }

  /**
   * The family's command, if its cfg section has one.
   *
   * @throws dev.pipeline.engine.config.ConfigException for a command, timeout or workdir that
   *     cannot be read
   */
  public Optional<ConfiguredCommand> forFamily(TaskFamily family) {
    if (source == ParameterSource.NONE) {
      return Optional.empty();
    }
    Optional<ConfiguredCommand> known = byFamily.get(family.name());
    if (known == null) {
      known = ConfiguredCommand.of(source.settings(family.name()));
      byFamily.put(family.name(), known);
    }
    return known;
  }

  /**
   * The family's engine-level settings ({@code timeout}, {@code retries}, {@code priority}, ...);
   * {@link TaskSettings#NONE} without a cfg.
   *
   * @throws dev.pipeline.engine.config.ConfigException for a value that cannot be read
   */
  public TaskSettings settings(TaskFamily family) {
    return source == ParameterSource.NONE ? TaskSettings.NONE : source.settings(family.name());
  }

  /**
   * Checks the command of {@code task}'s family against the task (every placeholder has a value).
   *
   * @throws dev.pipeline.engine.config.ConfigException naming the cfg line
   */
  public void validate(Task task, Path runDirectory) {
    settings(task.family()); // reads every value: a bad retries or timeout fails before the run
    forFamily(task.family()).ifPresent(c -> c.validate(task, runDirectory));
  }
}
