package dev.pipeline.engine.command;

import dev.pipeline.api.error.UsageException;
import dev.pipeline.engine.model.TaskFamily;
import dev.pipeline.engine.config.ParameterSource;
import dev.pipeline.engine.config.TaskSettings;
import dev.pipeline.api.Task;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which tasks have their run() replaced by a cfg {@code command}, and their other engine-level
 * settings: asked of the configuration the task was created with ({@link ParameterSource#of(Task)})
 * once per family and configuration. Without a cfg the answer is always "none".
 */
public final class CommandLookup {
  private record Key(ParameterSource source, String family) {}

  private final Map<Key, Optional<ConfiguredCommand>> known = new ConcurrentHashMap<>();

  /**
   * The command of the task's family, if the task's cfg section has one.
   *
   * @throws dev.pipeline.engine.config.ConfigException for a command, timeout or workdir that
   *     cannot be read
   */
  public Optional<ConfiguredCommand> forTask(Task task) {
    ParameterSource source = ParameterSource.of(task);
    if (source == ParameterSource.NONE) {
      return Optional.empty();
    }
    Key key = new Key(source, TaskFamily.of(task).name());
    Optional<ConfiguredCommand> command = known.get(key);
    if (command == null) {
      command = ConfiguredCommand.of(source.settings(key.family()), source.sandbox(key.family()));
      known.put(key, command);
    }
    return command;
  }

  /**
   * The family's engine-level settings ({@code timeout}, {@code retries}, {@code priority}, ...);
   * {@link TaskSettings#NONE} without a cfg.
   *
   * @throws dev.pipeline.engine.config.ConfigException for a value that cannot be read
   */
  public TaskSettings settings(Task task) {
    ParameterSource source = ParameterSource.of(task);
    return source == ParameterSource.NONE ? TaskSettings.NONE
        : source.settings(TaskFamily.of(task).name());
  }

  /**
   * Checks the command of {@code task}'s family against the task (every placeholder has a value).
   *
   * @throws dev.pipeline.engine.config.ConfigException naming the cfg line
   */
  public void validate(Task task, Path runDirectory) {
    requireCommandIfNeeded(task);
    settings(task); // reads every value: a bad retries or timeout fails before the run
    requireCommandForSandbox(task);
    forTask(task).ifPresent(c -> c.validate(task, runDirectory));
  }

  /**
   * A sandbox holds commands; a family that runs Java in the engine has nothing to put in it, and
   * running it outside would quietly ignore the setting.
   *
   * @throws UsageException naming the family and what to do
   */
  public void requireCommandForSandbox(Task task) {
    ParameterSource source = ParameterSource.of(task);
    if (source == ParameterSource.NONE) {
      return;
    }
    String family = TaskFamily.of(task).name();
    var sandbox = source.sandbox(family);
    // [core] sandbox is the default of command tasks; only a family's own key is refused here.
    var v = sandbox.source();
    if (sandbox.present() && forTask(task).isEmpty() && !v.section().equalsIgnoreCase("core")) {
      throw new UsageException(dev.pipeline.engine.config.ConfigException.format(v.where(),
          v.section(), v.key(), family + " runs Java in the engine, which cannot be relaunched in"
              + " a " + sandbox.kind() + " sandbox yet",
          "give [" + family.substring(family.lastIndexOf('.') + 1) + "] a command, or write"
              + " sandbox = none for it"));
    }
  }

  /**
   * A family whose run() is nothing but its cfg command ({@link TaskFamily#commandRequired}) has
   * one, also when its task looks complete (no outputs): otherwise the run would report success
   * for a task that never had anything to run.
   *
   * @throws UsageException naming the family and the cfg line to write
   */
  public void requireCommandIfNeeded(Task task) {
    TaskFamily family = TaskFamily.of(task);
    if (family.commandRequired() && forTask(task).isEmpty()) {
      // the section as users write it: [Command] configures tasks.Command
      String section = family.name().substring(family.name().lastIndexOf('.') + 1);
      throw new UsageException(family.name() + ": no command is configured; set one in the cfg,"
          + " e.g. [" + section + "] command = bash steps/{name}.sh {output}, and pass it"
          + " with --config");
    }
  }
}
