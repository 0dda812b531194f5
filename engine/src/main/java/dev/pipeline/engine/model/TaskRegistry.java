package dev.pipeline.engine.model;

import dev.pipeline.engine.config.Suggestions;
import dev.pipeline.engine.error.UsageException;
import java.util.Collection;
import java.util.Collections;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Task families known to this process: the built-in ones and those in users' jars, found through
 * {@link ServiceLoader} ({@code META-INF/services/dev.pipeline.engine.model.Task} lists classes).
 * Classes are not instantiated to be listed.
 */
public final class TaskRegistry {
  private final TreeMap<String, TaskFamily> families = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

  public static TaskRegistry discover(ClassLoader loader) {
    TaskRegistry registry = new TaskRegistry();
    ServiceLoader.load(Task.class, loader).stream()
        .forEach(provider -> registry.register(provider.type()));
    return registry;
  }

  public TaskRegistry register(Class<? extends Task> type) {
    TaskFamily family = TaskFamily.of(type);
    TaskFamily previous = families.putIfAbsent(family.name(), family);
    if (previous != null && previous.type() != type) {
      throw new UsageException("task family " + family.name() + " is defined twice: by "
          + previous.type().getName() + " and " + type.getName() + "; rename one with @Family");
    }
    return this;
  }

  public Collection<TaskFamily> families() {
    return Collections.unmodifiableCollection(families.values());
  }

  /** The family with exactly this name (ignoring case), or null. */
  public TaskFamily find(String name) {
    return families.get(name);
  }

  /** The family, or a usage error naming the closest known family. */
  public TaskFamily family(String name) {
    TaskFamily f = families.get(name);
    if (f != null) {
      return f;
    }
    String hint = Suggestions.closest(name, families.keySet())
        .map(s -> "; did you mean " + s + "?")
        .orElse("; run 'pipeline index' to list families");
    throw new UsageException("unknown task family '" + name + "'" + hint);
  }
}
