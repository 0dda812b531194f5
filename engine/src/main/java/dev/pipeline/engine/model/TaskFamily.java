package dev.pipeline.engine.model;

import dev.pipeline.api.Task;
import dev.pipeline.api.Param;
import dev.pipeline.api.Family;
import dev.pipeline.api.SharedDefaults;

import dev.pipeline.engine.config.ParameterSource;
import dev.pipeline.engine.config.Suggestions;
import dev.pipeline.api.error.UsageException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reflective description of a task class: its family name and parameters. Computed once per class
 * and cached, so that identity and instantiation cost a field read per parameter.
 */
public final class TaskFamily {
  /** Task's private record of its configuration, written here only (reflection: no setter on the API). */
  private static final Field SOURCE = sourceField();
  private static final ClassValue<TaskFamily> CACHE =
      new ClassValue<>() {
        @Override
        protected TaskFamily computeValue(Class<?> type) {
          return new TaskFamily(type.asSubclass(Task.class));
        }
      };

  private final Class<? extends Task> type;
  private final String name;
  private final String description;
  private final boolean commandRequired;
  private final int version;
  private final List<ParameterSpec> parameters;
  private final Map<String, ParameterSpec> byName;
  private volatile Constructor<? extends Task> constructor;
  private final Map<TaskFamily, Map<String, ParameterSpec>> copyPlans =
      new ConcurrentHashMap<>();

  private TaskFamily(Class<? extends Task> type) {
    this.type = type;
    Family family = type.getAnnotation(Family.class);
    this.name = family != null ? family.value() : type.getSimpleName();
    this.description = family != null ? family.description() : "";
    this.commandRequired = family != null && family.commandRequired();
    this.version = family != null ? family.version() : 1;
    this.parameters = List.copyOf(scan(type));
    Map<String, ParameterSpec> map = new LinkedHashMap<>();
    for (ParameterSpec p : parameters) {
      map.put(p.name(), p);
    }
    this.byName = map;
  }

  /** The family name of a class ({@link Family} or the simple name), without scanning it. */
  static String nameOf(Class<? extends Task> type) {
    Family family = type.getAnnotation(Family.class);
    return family != null ? family.value() : type.getSimpleName();
  }

  private static Field sourceField() {
    try {
      Field f = Task.class.getDeclaredField("source");
      f.setAccessible(true);
      return f;
    } catch (NoSuchFieldException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  public static TaskFamily of(Class<? extends Task> type) {
    return CACHE.get(type);
  }

  /** The family of a task object. */
  public static TaskFamily of(Task task) {
    return CACHE.get(task.getClass());
  }

  public String name() {
    return name;
  }

  /** Whether a run of this family needs a cfg {@code command} ({@link Family#commandRequired}). */
  public boolean commandRequired() {
    return commandRequired;
  }

  /** The code version its author declared ({@link Family#version}; 1 when none). */
  public int version() {
    return version;
  }

  /**
   * The significant parameters that have a value, rendered as the id renders them: what a
   * provenance record keeps to say which one changed.
   */
  public Map<String, String> significantValues(Task task) {
    Map<String, String> out = new LinkedHashMap<>();
    for (ParameterSpec p : parameters) {
      Object value = p.significant() ? p.get(task) : null;
      if (value != null) {
        out.put(p.name(), p.type().format(value));
      }
    }
    return out;
  }

  public String description() {
    return description;
  }

  public Class<? extends Task> type() {
    return type;
  }

  /** Parameters sorted by name, the order used in ids and listings. */
  public List<ParameterSpec> parameters() {
    return parameters;
  }

  public Optional<ParameterSpec> parameter(String name) {
    return Optional.ofNullable(byName.get(name.replace('-', '_')));
  }

  /** A fresh instance with code defaults, typed. */
  public <T extends Task> T newInstance(Class<T> expected) {
    return expected.cast(newDefaultInstance());
  }

  /** A fresh instance with code defaults, for listing defaults and for instantiation. */
  public Task newDefaultInstance() {
    try {
      Constructor<? extends Task> ctor = constructor;
      if (ctor == null) {
        ctor = type.getDeclaredConstructor();
        ctor.setAccessible(true);
        constructor = ctor;
      }
      return ctor.newInstance();
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(
          "task class " + type.getName() + " needs a no-argument constructor", e);
    } catch (InvocationTargetException | InstantiationException | IllegalAccessException e) {
      throw new IllegalStateException("cannot instantiate " + type.getName() + ": " + e, e);
    }
  }

  /**
   * Creates a task from textual parameter values (the root task's command-line options). Values
   * not given come from the run's {@link ParameterSource} (cfg, environment, {@code --Family-x}),
   * then the code default. Unknown names and unparsable values are one-line usage errors.
   */
  public Task instantiate(Map<String, String> values) {
    return instantiate(values, ParameterSource.NONE);
  }

  /** As {@link #instantiate(Map)}, with {@code source} as the run's configuration. */
  public Task instantiate(Map<String, String> values, ParameterSource source) {
    Map<String, Object> overrides = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : values.entrySet()) {
      ParameterSpec spec =
          parameter(e.getKey())
              .orElseThrow(() -> new UsageException(unknownParameterMessage(e.getKey())));
      overrides.put(spec.name(), parse(spec, e.getValue(), "--" + spec.name()));
    }
    Task task = configure(newDefaultInstance(), null, overrides, source);
    checkRequired(task);
    return task;
  }

  /**
   * Sets a fresh instance's parameters: {@code overrides} (typed values or text) first, then the
   * run's configured values for this family, then values of same-named parameters of {@code
   * parent} (law's {@code req}: shared parameters flow down), else the code default stays.
   */
  public <T extends Task> T configure(T task, Task parent, Map<String, Object> overrides) {
    return configure(task, parent, overrides,
        parent == null ? ParameterSource.NONE : ParameterSource.of(parent));
  }

  /**
   * As above with {@code source} as the run's configuration, which the task keeps: its
   * requirements are configured by the same run, never by another one in the same process.
   */
  public <T extends Task> T configure(T task, Task parent, Map<String, Object> overrides,
      ParameterSource source) {
    for (String key : overrides.keySet()) {
      if (!byName.containsKey(key)) {
        throw new IllegalArgumentException(unknownParameterMessage(key));
      }
    }
    bind(task, source);
    // Looked up once per task, not per parameter: req() runs once per requirement.
    boolean configured = source.configures(name);
    Map<String, ParameterSpec> inherited = parent == null ? Map.of() : copyPlan(of(parent));
    Set<String> unset = task instanceof SharedDefaults ? new LinkedHashSet<>() : null;
    for (ParameterSpec p : parameters) {
      if (overrides.containsKey(p.name())) {
        Object v = overrides.get(p.name());
        p.set(task, v instanceof String s && p.field().getType() != String.class
            ? parse(p, s, name + "." + p.name()) : v);
        continue;
      }
      Optional<ParameterSource.Value> value = configured
          ? source.value(name, p.name(), byName.keySet()) : Optional.empty();
      if (value.isPresent()) {
        p.set(task, parse(p, value.get().text(), value.get().origin()));
      } else {
        ParameterSpec same = inherited.get(p.name());
        if (same != null) {
          p.set(task, same.get(parent));
        } else if (unset != null) {
          unset.add(p.name());
        }
      }
    }
    if (unset != null && !unset.isEmpty()) {
      applySharedDefaults((SharedDefaults) task, unset);
    }
    return task;
  }

  /** File values below everything else that sets a parameter, above the code default. */
  private void applySharedDefaults(SharedDefaults task, Set<String> unset) {
    Map<String, String> values;
    try {
      values = task.sharedDefaults(Set.copyOf(unset));
    } catch (IllegalArgumentException e) {
      throw new UsageException(name + ": " + e.getMessage());
    }
    for (Map.Entry<String, String> e : values.entrySet()) {
      if (unset.contains(e.getKey())) {
        ParameterSpec p = byName.get(e.getKey());
        p.set((Task) task, p.field().getType() == String.class ? e.getValue()
            : parse(p, e.getValue(), name + "." + p.name() + " (from its shared file)"));
      }
    }
  }

  /** Records the task's configuration once, before the engine or anyone else has the task. */
  private static void bind(Task task, ParameterSource source) {
    try {
      SOURCE.set(task, Objects.requireNonNull(source, "source"));
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot record the configuration of " + task.getClass(), e);
    }
  }

  /**
   * Parameters of {@code parent}'s family that this family shares (same name and Java type),
   * computed once per parent family: req() runs once per requirement, often 100,000 times.
   */
  private Map<String, ParameterSpec> copyPlan(TaskFamily parent) {
    Map<String, ParameterSpec> plan = copyPlans.get(parent);
    if (plan == null) {
      plan = new HashMap<>();
      for (ParameterSpec p : parameters) {
        ParameterSpec same = parent.byName.get(p.name());
        if (same != null && same.field().getGenericType().equals(p.field().getGenericType())) {
          plan.put(p.name(), same);
        }
      }
      copyPlans.put(parent, plan);
    }
    return plan;
  }

  private Object parse(ParameterSpec spec, String text, String origin) {
    String where = origin.startsWith("--") ? name + " " + origin : origin;
    Object value;
    try {
      value = spec.type().parse(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException(where + ": " + e.getMessage());
    }
    checkBounds(spec, value, where);
    return value;
  }

  /** A user's value for a numeric parameter must lie within the bounds its {@link Param} declares. */
  private static void checkBounds(ParameterSpec spec, Object value, String where) {
    Param param = spec.field().getAnnotation(Param.class);
    if (param == null || !(value instanceof Number number)) {
      return;
    }
    double v = number.doubleValue();
    if (v < param.min() || v > param.max()) {
      throw new UsageException(where + ": must be " + range(param) + ", got " + text(number)
          + "; give a value in that range");
    }
  }

  private static String range(Param param) {
    if (param.max() == Long.MAX_VALUE) {
      return "at least " + param.min();
    }
    return param.min() == Long.MIN_VALUE ? "at most " + param.max()
        : "between " + param.min() + " and " + param.max();
  }

  private static String text(Number number) {
    return number instanceof Double || number instanceof Float ? String.valueOf(number.doubleValue())
        : String.valueOf(number.longValue());
  }

  /** Throws a usage error when a required parameter of {@code task} has no value. */
  public void checkRequired(Task task) {
    for (ParameterSpec p : parameters) {
      if (p.required() && p.get(task) == null) {
        throw new MissingParameterException(name, p.name(), p.type().name());
      }
    }
  }

  String unknownParameterMessage(String given) {
    String known = String.join(", ", byName.keySet());
    String suggestion =
        Suggestions.closest(given, byName.keySet()).map(s -> "; did you mean --" + s + "?").orElse("");
    return name + ": unknown parameter --" + given + suggestion
        + (known.isEmpty() ? " (it takes no parameters)" : " (parameters: " + known + ")");
  }

  /**
   * Canonical id text: the family and its significant parameters that have a value, sorted by
   * name. An unset optional parameter is left out (not {@code x=null}); paths are absolute.
   */
  public String canonical(Task task) {
    StringBuilder out = new StringBuilder(name).append('(');
    boolean first = true;
    for (ParameterSpec p : parameters) {
      Object value = p.significant() ? p.get(task) : null;
      if (value == null) {
        continue;
      }
      if (!first) {
        out.append(", ");
      }
      first = false;
      String text = p.type().format(value);
      // A text that says "null" is quoted: it reads as a value, not as a missing one.
      out.append(p.name()).append('=').append(quoteIfNeeded(text, "null".equals(text)));
    }
    return out.append(')').toString();
  }

  private static String quoteIfNeeded(String value, boolean force) {
    boolean plain = !force && !value.isEmpty() && !Character.isWhitespace(value.charAt(0))
        && !Character.isWhitespace(value.charAt(value.length() - 1));
    for (int i = 0; plain && i < value.length(); i++) {
      char c = value.charAt(i);
      plain = c != ',' && c != '=' && c != '(' && c != ')' && c != '"' && c != '\\' && c >= ' ';
    }
    if (plain) {
      return value;
    }
    StringBuilder out = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\');
      }
      out.append(c < ' ' ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return out.append('"').toString();
  }

  private static List<ParameterSpec> scan(Class<?> type) {
    Deque<Class<?>> chain = new ArrayDeque<>();
    for (Class<?> c = type; c != null && c != Task.class; c = c.getSuperclass()) {
      chain.push(c);
    }
    List<ParameterSpec> out = new ArrayList<>();
    for (Class<?> c : chain) {
      for (Field f : c.getDeclaredFields()) {
        Param p = f.getAnnotation(Param.class);
        if (p == null || Modifier.isStatic(f.getModifiers())) {
          continue;
        }
        f.setAccessible(true);
        String name = p.name().isEmpty() ? f.getName() : p.name();
        out.add(
            new ParameterSpec(
                name, ParameterType.of(f), p.significant(), p.required(), p.description(), f));
      }
    }
    out.sort(Comparator.comparing(ParameterSpec::name));
    return out;
  }
}
