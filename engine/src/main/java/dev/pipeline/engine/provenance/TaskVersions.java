package dev.pipeline.engine.provenance;

import dev.pipeline.api.Task;
import dev.pipeline.engine.command.CommandLookup;
import dev.pipeline.engine.model.TaskFamily;
import java.util.HashMap;
import java.util.Map;

/**
 * A task's code version: its family's cfg {@code version} if set, else {@code @Family(version)},
 * else 1. Cached per family: every task of a family in one run reads the same cfg.
 */
final class TaskVersions {
  private final CommandLookup commands = new CommandLookup();
  private final Map<Class<?>, Integer> byClass = new HashMap<>();

  int of(Task task) {
    Integer v = byClass.get(task.getClass());
    if (v == null) {
      Integer configured = commands.settings(task).version();
      v = configured != null ? configured : TaskFamily.of(task).version();
      byClass.put(task.getClass(), v);
    }
    return v;
  }
}
