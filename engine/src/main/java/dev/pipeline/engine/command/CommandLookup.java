package dev.pipeline.engine.command;

import dev.pipeline.engine.config.ParameterSource;
import dev.pipeline.api.Task;
import dev.pipeline.engine.model.TaskFamily;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which families of a run have their run() replaced by a cfg {@code command}: asked of the run's
 * {@link ParameterSource} once per family. Without a cfg the answer is always "none".
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
   * Checks the command of {@code task}'s family against the task (every placeholder has a value).
   *
   * @throws dev.pipeline.engine.config.ConfigException naming the cfg line
   */
  public void validate(Task task, Path runDirectory) {
    forFamily(TaskFamily.of(task)).ifPresent(c -> c.validate(task, runDirectory));
  }
}
