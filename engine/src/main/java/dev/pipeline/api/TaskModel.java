package dev.pipeline.api;

import java.util.Map;
import java.util.ServiceLoader;

/**
 * What {@link Task} needs from the engine to name and configure tasks: implemented by the engine
 * (found with {@link ServiceLoader}), so that this package depends on nothing of the engine's
 * internals. Task authors never use it.
 */
public interface TaskModel {
  /** The task's identity: its family and significant parameters. */
  TaskId id(Task task);

  /**
   * A fresh task of family {@code type}: {@code overrides} first, then the run's configuration for
   * the family, then same-named parameters of {@code parent} (may be null), then code defaults.
   * {@code configuration} is the run's (null: none); the task keeps it.
   */
  <T extends Task> T create(Class<T> type, Task parent, Map<String, Object> overrides,
      Configuration configuration);

  /** The engine's implementation; loaded once, on first use. */
  static TaskModel engine() {
    return Loaded.INSTANCE;
  }

  /** Holder: the lookup runs on first use, not when the interface is loaded. */
  final class Loaded {
    private static final TaskModel INSTANCE =
        ServiceLoader.load(TaskModel.class, TaskModel.class.getClassLoader()).findFirst()
            .orElseThrow(() -> new IllegalStateException(
                "no " + TaskModel.class.getName() + " on the class path: put pipeline-engine on it"));

    private Loaded() {}
  }
}
