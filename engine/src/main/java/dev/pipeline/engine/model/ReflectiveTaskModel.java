package dev.pipeline.engine.model;

import dev.pipeline.api.Configuration;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskId;
import dev.pipeline.api.TaskModel;
import dev.pipeline.engine.config.ParameterSource;
import java.util.Map;

/** The engine's {@link TaskModel}: identity and configuration through {@link TaskFamily}. */
public final class ReflectiveTaskModel implements TaskModel {
  @Override
  public TaskId id(Task task) {
    TaskFamily family = TaskFamily.of(task);
    return new TaskId(family.name(), family.canonical(task));
  }

  @Override
  public <T extends Task> T create(Class<T> type, Task parent, Map<String, Object> overrides,
      Configuration configuration) {
    TaskFamily family = TaskFamily.of(type);
    return family.configure(family.newInstance(type), parent, overrides,
        ParameterSource.of(configuration));
  }
}
