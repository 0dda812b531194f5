package dev.pipeline.api;

import dev.pipeline.api.targets.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A unit of work. Subclasses declare parameters as {@link Param} fields, what they need in {@link
 * #requires()}, what they produce in {@link #output()}, and the work in {@link #run(TaskContext)}.
 *
 * <p>Completeness: a task with outputs is complete when every output exists. A task without
 * outputs (a wrapper) is complete when all its requirements are complete; its run() is called
 * only in a run where at least one of its requirements had to run.
 *
 * <p>Identity is the family plus the significant parameters; parameters must not change after the
 * task has been handed to the engine.
 */
public abstract class Task {
  private volatile TaskId id;
  private volatile List<Task> requirements;
  private volatile List<Target> outputs;
  /** The run configuration this task was created with (null: none); set once by the engine. */
  private volatile Configuration source;

  /** One task, a collection of tasks, a map of name to task, or null (the default) for none. */
  public Object requires() {
    return null;
  }

  /**
   * Requirements that can only be known once {@link #requires()} is complete, e.g. one branch per
   * line of a file written upstream. Called once, after the static requirements are complete; the
   * engine runs whatever is missing and only then calls {@link #run(TaskContext)} (run() is never
   * restarted). Same shapes as {@link #requires()}.
   */
  public Object dynamicRequires() {
    return null;
  }

  /**
   * A task whose published items this task follows (it must also be among {@link #requires()}),
   * or null. For every item the producer {@link TaskContext#publish publishes}, the engine adds
   * {@link #forItem} to this task's requirements and runs them at once, while the producer still
   * runs; this task itself runs once the producer and every per-item task are complete (it sees
   * all items). Items published by earlier runs are known from the producer's manifest, so a
   * restarted run repeats no per-item task that is complete.
   */
  public Task follows() {
    return null;
  }

  /** The tasks to run for one published item of {@link #follows()}; same shapes as requires(). */
  public Object forItem(Published item) {
    return null;
  }

  /** Calls {@link #forItem} and flattens its result. */
  public final List<Task> resolveItemRequirements(Published item) {
    return adopt(Shapes.flatten(forItem(item), Task.class, "forItem()", this));
  }

  /**
   * One target, a collection of targets, a map of name to target, or null for none. Declare it
   * with the narrowest return type ({@code public FileTarget output()}) so that code reading it
   * needs no cast; with several outputs, give each a typed method and build the map from them.
   */
  public Object output() {
    return null;
  }

  /** The work. Write outputs through their {@code stage()}/{@code write()} so they appear atomically. */
  public void run(TaskContext context) throws Exception {}

  /** GPUs and named counters held while running. */
  public ResourceRequest resources() {
    return ResourceRequest.NONE;
  }

  /**
   * Null means the run's default policy ({@code --retries}); a family's cfg {@code retries} and
   * {@code retry_backoff} win over both.
   */
  public RetryPolicy retryPolicy() {
    return null;
  }

  /** Higher runs first among ready tasks; a family's cfg {@code priority} replaces it. */
  public int priority() {
    return 0;
  }

  /**
   * A requirement of family {@code type}, configured like law's {@code req}: {@code overrides}
   * (name, value pairs; values typed or text) win, then the run's configuration for that family
   * ({@code --Train-lr}, {@code PIPELINE__TRAIN__LR}, {@code [Train] lr}), then the value of a
   * same-named parameter of this task, then the code default. The requirement is configured by
   * the run this task was created in, whichever run the calling thread serves.
   */
  protected final <T extends Task> T req(Class<T> type, Object... overrides) {
    return TaskModel.engine().create(type, this, pairs(overrides), source);
  }

  /** A task of family {@code type} with {@code overrides} and code defaults, outside any run cfg. */
  public static <T extends Task> T create(Class<T> type, Object... overrides) {
    return create(null, type, overrides);
  }

  /**
   * A task of family {@code type} configured by {@code configuration} (a run's cfg, environment
   * and {@code --Family-param} options; null for none) and {@code overrides}; its requirements
   * get the same configuration.
   */
  public static <T extends Task> T create(Configuration configuration, Class<T> type,
      Object... overrides) {
    return TaskModel.engine().create(type, null, pairs(overrides), configuration);
  }

  /** The run configuration this task (and so its requirements) was created with, or null. */
  public final Configuration configuration() {
    return source;
  }

  private static Map<String, Object> pairs(Object[] overrides) {
    if (overrides.length % 2 != 0) {
      throw new IllegalArgumentException("overrides are name, value pairs; got an odd count");
    }
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < overrides.length; i += 2) {
      map.put(String.valueOf(overrides[i]).replace('-', '_'), overrides[i + 1]);
    }
    return map;
  }

  public final TaskId id() {
    TaskId result = id;
    if (result == null) {
      result = TaskModel.engine().id(this);
      id = result;
    }
    return result;
  }

  /** Static requirements as a flat list (order preserved, duplicates kept out by the engine). */
  public final List<Task> requirements() {
    List<Task> result = requirements;
    if (result == null) {
      result = adopt(Shapes.flatten(requires(), Task.class, "requires()", this));
      requirements = result;
    }
    return result;
  }

  public final List<Target> outputs() {
    List<Target> result = outputs;
    if (result == null) {
      result = Shapes.flatten(output(), Target.class, "output()", this);
      outputs = result;
    }
    return result;
  }

  /** Calls {@link #dynamicRequires()} and flattens its result; not cached (it may read files). */
  public final List<Task> resolveDynamicRequirements() {
    return adopt(Shapes.flatten(dynamicRequires(), Task.class, "dynamicRequires()", this));
  }

  /**
   * Requirements made with {@code new} rather than {@link #req} belong to this task's run too:
   * they take its configuration for their family's engine settings (a cfg {@code command}).
   * Their parameters stay as they were set.
   */
  private List<Task> adopt(List<Task> children) {
    if (source != null) {
      for (Task child : children) {
        if (child.source == null) {
          child.source = source;
        }
      }
    }
    return children;
  }

  /** The outputs of the static requirements, in the shape {@link #requires()} returned. */
  public final Object input() {
    return Shapes.map(requires(), t -> ((Task) t).output());
  }

  /**
   * The requirement of class {@code type} among {@link #requires()}, typed: read its outputs through
   * its own typed methods, e.g. {@code input(Export.class).repository().path()}. Exactly one
   * requirement of that class must exist; several are {@link #inputs(Class)}.
   */
  protected final <T> T input(Class<T> type) {
    List<T> all = inputs(type);
    if (all.size() != 1) {
      throw new IllegalStateException(id() + " has " + all.size() + " requirements of class "
          + type.getSimpleName() + ", not one" + (all.isEmpty() ? "; add it to requires()" : "; use inputs()"));
    }
    return all.get(0);
  }

  /** The requirements of class {@code type} among {@link #requires()}, in order, typed. */
  protected final <T> List<T> inputs(Class<T> type) {
    List<T> out = new ArrayList<>();
    for (Task t : requirements()) {
      if (type.isInstance(t)) {
        out.add(type.cast(t));
      }
    }
    return List.copyOf(out);
  }

  /**
   * The single output target, for the common case of exactly one. Prefer declaring {@link
   * #output()} with its own return type ({@code public FileTarget output()}), which needs no cast.
   */
  @SuppressWarnings("unchecked")
  public final <T extends Target> T outputTarget() {
    List<Target> all = outputs();
    if (all.size() != 1) {
      throw new IllegalStateException(id() + " has " + all.size() + " outputs, not one");
    }
    return (T) all.get(0);
  }

  /** The single output of the requirement named {@code name} in the map requires() returned. */
  public final <T extends Target> T inputTarget(String name) {
    if (requires() instanceof Map<?, ?> m && m.get(name) instanceof Task task) {
      return task.outputTarget();
    }
    throw new IllegalStateException(id() + " has no requirement named " + name);
  }

  @Override
  public final boolean equals(Object o) {
    return o instanceof Task t && t.id().equals(id());
  }

  @Override
  public final int hashCode() {
    return id().hashCode();
  }

  @Override
  public String toString() {
    return id().canonical();
  }
}
