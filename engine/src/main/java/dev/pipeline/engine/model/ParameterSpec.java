package dev.pipeline.engine.model;

import dev.pipeline.api.Task;

import java.lang.reflect.Field;

/** One declared parameter of a task family. */
public record ParameterSpec(
    String name,
    ParameterType type,
    boolean significant,
    boolean required,
    String description,
    Field field) {

  /** The value this parameter has on a task instance. */
  public Object get(Task task) {
    try {
      return field.get(task);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot read parameter " + name, e);
    }
  }

  void set(Task task, Object value) {
    try {
      field.set(task, value);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot set parameter " + name, e);
    }
  }

  /** The value rendered as text, as it would be written on a command line or in a cfg file. */
  public String render(Task task) {
    return type.format(get(task));
  }
}
