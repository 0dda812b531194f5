package dev.pipeline.engine.model;

import dev.pipeline.api.Task;
import dev.pipeline.api.Family;

import dev.pipeline.engine.config.Suggestions;
import dev.pipeline.api.error.UsageException;
import java.util.Collection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * Task families known to this process: the built-in ones and those in users' jars, found through
 * {@link ServiceLoader} ({@code META-INF/services/dev.pipeline.api.Task} lists classes).
 * Classes are not instantiated to be listed. A family's full name may carry a namespace
 * ({@code sandbox.Train}); its short name ({@code Train}) finds it while no other family claims it.
 */
public final class TaskRegistry {
  /** Family name to class; the reflective {@link TaskFamily} is built only for families used. */
  private final TreeMap<String, Class<? extends Task>> types =
      new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

  public static TaskRegistry discover(ClassLoader loader) {
    TaskRegistry registry = new TaskRegistry();
    ServiceLoader.load(Task.class, loader).stream()
        .forEach(provider -> registry.register(provider.type()));
    return registry;
  }

  public TaskRegistry register(Class<? extends Task> type) {
    String name = TaskFamily.nameOf(type);
    Class<? extends Task> previous = types.putIfAbsent(name, type);
    if (previous != null && previous != type) {
      throw new UsageException("task family " + name + " is defined twice: by "
          + previous.getName() + " and " + type.getName() + "; rename one with @Family");
    }
    return this;
  }

  /** Family names, sorted; cheaper than {@link #families()}, which scans every class. */
  public Set<String> names() {
    return Collections.unmodifiableSet(types.keySet());
  }

  public Collection<TaskFamily> families() {
    List<TaskFamily> out = new ArrayList<>();
    types.values().forEach(t -> out.add(TaskFamily.of(t)));
    return Collections.unmodifiableList(out);
  }

  /**
   * The family with this full name (ignoring case), else the one family whose short name it is
   * ({@code Train} for {@code sandbox.Train}), or null.
   *
   * @throws UsageException when the short name belongs to several families
   */
  public TaskFamily find(String name) {
    Class<? extends Task> type = types.get(name);
    if (type != null) {
      return TaskFamily.of(type);
    }
    List<String> matches = withShortName(name);
    if (matches.size() > 1) {
      throw new UsageException("task family '" + name + "' is ambiguous: " + String.join(", ", matches)
          + "; use the full name");
    }
    return matches.isEmpty() ? null : TaskFamily.of(types.get(matches.get(0)));
  }

  /**
   * Short names that stand for exactly one namespaced family and are no family's full name, to
   * that family's full name: {@code Train -> sandbox.Train}. A cfg section may use either.
   */
  public Map<String, String> shortNames() {
    Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (String full : types.keySet()) {
      String alias = shortName(full);
      if (!alias.equals(full) && !types.containsKey(alias) && withShortName(alias).size() == 1) {
        out.put(alias, full);
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /** {@code Train} for {@code sandbox.Train}; a name without a namespace is its own short name. */
  public static String shortName(String family) {
    return family.substring(family.lastIndexOf('.') + 1);
  }

  private List<String> withShortName(String name) {
    List<String> out = new ArrayList<>();
    if (name.indexOf('.') < 0) {
      for (String full : types.keySet()) {
        if (full.indexOf('.') >= 0 && shortName(full).equalsIgnoreCase(name)) {
          out.add(full);
        }
      }
    }
    return out;
  }

  /** The family, or a usage error naming the closest known family. */
  public TaskFamily family(String name) {
    TaskFamily f = find(name);
    if (f != null) {
      return f;
    }
    List<String> known = new ArrayList<>(types.keySet());
    known.addAll(shortNames().keySet());
    String hint = Suggestions.closest(name, known)
        .map(s -> "; did you mean " + s + "?")
        .orElse("; run 'pipeline index' to list families");
    throw new UsageException("unknown task family '" + name + "'" + hint);
  }
}
