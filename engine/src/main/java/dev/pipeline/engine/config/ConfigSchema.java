package dev.pipeline.engine.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a cfg may contain: one section per task family with that family's parameters (plus the
 * engine-level keys every task accepts, and {@code shared}), free-form sections whose keys are not
 * checked, and shared sections (named by some family's {@code shared} option), whose keys must be
 * a parameter of at least one family that shares them. Validation runs before any task does, so a
 * typo fails in a second instead of after a day of upstream jobs.
 */
public final class ConfigSchema {
  private static final int LISTED = 12;

  private final Map<String, Map<String, ParameterSchema>> families = new LinkedHashMap<>();
  private final Set<String> freeForm = new LinkedHashSet<>();
  private final Set<String> commonTaskKeys = new LinkedHashSet<>();
  private final Map<String, Map<String, ParameterSchema>> builtin = new LinkedHashMap<>();
  private final Map<String, String> anyKeySections = new LinkedHashMap<>();

  /**
   * @param families parameters by task family name
   * @param freeFormSections sections whose keys are not checked ({@code core}, {@code resources})
   * @param commonTaskKeys engine-level keys allowed in every family section ({@code retries})
   */
  public ConfigSchema(Map<String, List<ParameterSchema>> families, Set<String> freeFormSections,
      Set<String> commonTaskKeys) {
    families.forEach((family, params) -> {
      Map<String, ParameterSchema> byKey = new LinkedHashMap<>();
      params.forEach(p -> byKey.put(ConfigNames.key(p.name()), p));
      this.families.put(ConfigNames.section(family), byKey);
    });
    // Sorted: callers pass Set.of(...), whose order changes between runs, and messages list them.
    new TreeSet<>(freeFormSections).forEach(s -> freeForm.add(ConfigNames.section(s)));
    new TreeSet<>(commonTaskKeys).forEach(k -> this.commonTaskKeys.add(ConfigNames.key(k)));
  }

  /**
   * A schema whose engine-owned sections are checked like task families: each key of {@code
   * builtinSections} is a section ({@code core}, {@code slurm}) whose keys and types are fixed;
   * each key of {@code anyKeySections} is a section whose keys are the user's names and whose
   * values all have one type ({@code [resources] db = 2}: int).
   */
  public ConfigSchema(Map<String, List<ParameterSchema>> families,
      Map<String, List<ParameterSchema>> builtinSections, Map<String, String> anyKeySections,
      Set<String> commonTaskKeys) {
    this(families, Set.of(), commonTaskKeys);
    builtinSections.forEach((section, keys) -> {
      Map<String, ParameterSchema> byKey = new LinkedHashMap<>();
      keys.forEach(p -> byKey.put(ConfigNames.key(p.name()), p));
      builtin.put(ConfigNames.section(section), byKey);
    });
    anyKeySections.forEach((section, type) -> {
      ValueParsers.checkType(type);
      this.anyKeySections.put(ConfigNames.section(section), type);
    });
  }

  public Set<String> families() {
    return families.keySet();
  }

  public Optional<ParameterSchema> parameter(String family, String name) {
    return Optional.ofNullable(params(family).get(ConfigNames.key(name)));
  }

  /** Every problem found, family sections first; an empty list means the config is valid. */
  public List<ConfigException> validate(PipelineConfig config) {
    Map<String, ConfigException> errors = new LinkedHashMap<>(); // by message: no duplicates
    Map<String, List<String>> sharers = new LinkedHashMap<>();
    for (String section : config.sections()) {
      if (families.containsKey(section)) {
        validateFamily(config, section, errors, sharers);
      }
    }
    for (String section : config.sections()) {
      if (section.startsWith(ServiceSettings.PREFIX)) {
        validateService(config, section, errors);
      } else if (builtin.containsKey(section)) {
        validateBuiltin(config, section, errors);
      } else if (anyKeySections.containsKey(section)) {
        validateAnyKey(config, section, errors);
      }
    }
    for (String section : config.sections()) {
      if (families.containsKey(section) || freeForm.contains(section)
          || section.startsWith(ServiceSettings.PREFIX)
          || builtin.containsKey(section) || anyKeySections.containsKey(section)) {
        continue;
      }
      if (sharers.containsKey(section)) {
        validateShared(config, section, sharers.get(section), errors);
      } else {
        add(errors, unknownSection(config, section));
      }
    }
    return List.copyOf(errors.values());
  }

  /** Throws the first problem {@link #validate} finds. */
  public void check(PipelineConfig config) {
    List<ConfigException> errors = validate(config);
    if (!errors.isEmpty()) {
      throw errors.get(0);
    }
  }

  /** The family's section with shared defaults, keeping only shared keys the family knows. */
  public Map<String, ConfigValue> effectiveSection(PipelineConfig config, String family) {
    return config.effectiveSection(family, known(family));
  }

  /** The cfg value (own section, then shared sections) or else the declared default. */
  public Optional<String> value(PipelineConfig config, String family, String param) {
    ParameterSchema p = parameter(family, param).orElseThrow(() -> new IllegalArgumentException(
        "family " + family + " has no parameter " + param));
    ConfigValue v = effectiveSection(config, family).get(ConfigNames.key(param));
    return v != null ? Optional.of(v.value()) : Optional.ofNullable(p.defaultValue());
  }

  /**
   * Like {@link #value} but a missing value is an error. Only call it for families the run
   * actually needs: a required parameter of a family nobody asked for is not the user's problem.
   */
  public String requireValue(PipelineConfig config, String family, String param) {
    return value(config, family, param).orElseThrow(() -> missing(config, family, param));
  }

  /** The missing required parameters of one requested family, in declaration order. */
  public List<ConfigException> missingRequired(PipelineConfig config, String family) {
    List<ConfigException> errors = new ArrayList<>();
    for (ParameterSchema p : params(family).values()) {
      if (p.required() && value(config, family, p.name()).isEmpty()) {
        errors.add(missing(config, family, p.name()));
      }
    }
    return errors;
  }

  private void validateFamily(PipelineConfig config, String family,
      Map<String, ConfigException> errors, Map<String, List<String>> sharers) {
    Map<String, ParameterSchema> params = params(family);
    for (Map.Entry<String, ConfigValue> e : config.section(family).entrySet()) {
      String key = e.getKey();
      if (!params.containsKey(key) && !commonTaskKeys.contains(key)
          && !key.equals(PipelineConfig.SHARED_KEY)) {
        add(errors, unknownKey(e.getValue(), known(family), "known keys: " + listed(known(family))));
      }
    }
    Map<String, ConfigValue> effective;
    try {
      for (String shared : config.sharedSections(family)) {
        sharers.computeIfAbsent(shared, k -> new ArrayList<>()).add(family);
      }
      effective = effectiveSection(config, family);
    } catch (ConfigException e) {
      add(errors, e);
      effective = config.section(family);
    }
    for (Map.Entry<String, ConfigValue> e : effective.entrySet()) {
      ParameterSchema p = params.get(e.getKey());
      if (p != null) {
        typeCheck(p, e.getValue()).ifPresent(x -> add(errors, x));
      }
    }
  }

  private void validateBuiltin(PipelineConfig config, String section,
      Map<String, ConfigException> errors) {
    Map<String, ParameterSchema> keys = builtin.get(section);
    for (ConfigValue v : config.section(section).values()) {
      ParameterSchema p = keys.get(ConfigNames.key(v.key()));
      if (p == null) {
        add(errors, unknownKey(v, keys.keySet(), "known keys: " + listed(keys.keySet())));
      } else if (v.value().isBlank() && !p.type().equals("list")) {
        add(errors, ConfigException.of(v.where(), v.section(), v.key(), "empty value",
            "write a " + p.type() + " or remove the line"));
      } else {
        typeCheck(p, v).ifPresent(x -> add(errors, x));
      }
    }
  }

  /** {@code [service.NAME]}: its fixed keys (values are read, and checked, by ServiceSettings). */
  private void validateService(PipelineConfig config, String section,
      Map<String, ConfigException> errors) {
    for (ConfigValue v : config.section(section).values()) {
      if (!ServiceSettings.KEYS.contains(ConfigNames.key(v.key()))) {
        add(errors, unknownKey(v, ServiceSettings.KEYS, "known keys: "
            + listed(new java.util.TreeSet<>(ServiceSettings.KEYS))));
      }
    }
  }

  private void validateAnyKey(PipelineConfig config, String section,
      Map<String, ConfigException> errors) {
    String type = anyKeySections.get(section);
    for (ConfigValue v : config.section(section).values()) {
      typeCheck(ParameterSchema.optional(v.key(), type, null), v).ifPresent(x -> add(errors, x));
    }
  }

  /** The declared keys of an engine-owned section, or empty for any other section. */
  public Map<String, ParameterSchema> builtinSection(String section) {
    return java.util.Collections.unmodifiableMap(
        builtin.getOrDefault(ConfigNames.section(section), Map.of()));
  }

  private void validateShared(PipelineConfig config, String section, List<String> users,
      Map<String, ConfigException> errors) {
    Set<String> known = new LinkedHashSet<>();
    users.forEach(f -> known.addAll(known(f)));
    for (Map.Entry<String, ConfigValue> e : config.section(section).entrySet()) {
      if (!known.contains(e.getKey())) {
        add(errors, unknownKey(e.getValue(), known, "none of the families sharing it ("
            + String.join(", ", users) + ") has this parameter"));
      }
    }
  }

  private static Optional<ConfigException> typeCheck(ParameterSchema p, ConfigValue v) {
    try {
      ValueParsers.parse(p.type(), v.value());
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      String type = p.type().startsWith("enum:") ? "enum" : p.type();
      return Optional.of(ConfigException.of(v.where(), v.section(), v.key(),
          "wrong type: expected " + type + ", got '" + v.value() + "'", e.getMessage()));
    }
  }

  private static ConfigException unknownKey(ConfigValue v, Collection<String> known, String orElse) {
    String fix =
        Suggestions.closest(v.key(), known).map(s -> "did you mean '" + s + "'?").orElse(orElse);
    return ConfigException.of(v.where(), v.section(), v.key(), "unknown key", fix);
  }

  private ConfigException unknownSection(PipelineConfig config, String section) {
    ConfigSection info = config.sectionInfo(section).orElseThrow();
    String where = info.where();
    if (where == null && !info.values().isEmpty()) {
      where = info.values().values().iterator().next().where(); // from the environment
    }
    Set<String> candidates = new LinkedHashSet<>(families.keySet());
    candidates.addAll(freeForm);
    candidates.addAll(builtin.keySet());
    candidates.addAll(anyKeySections.keySet());
    String fix = Suggestions.closest(section, candidates)
        .map(s -> "did you mean '" + s + "'?")
        .orElse("expected a task family (" + listed(new TreeSet<>(families.keySet()))
            + ") or one of " + listed(new TreeSet<>(candidates.stream()
                .filter(c -> !families.containsKey(c)).toList())));
    return ConfigException.of(where, info.name(), null, "unknown section", fix);
  }

  private static ConfigException missing(PipelineConfig config, String family, String param) {
    String where = config.file() == null ? null : config.file().toString();
    return ConfigException.of(where, family, param, "missing required parameter",
        "set it in the cfg or pass --" + param);
  }

  private Map<String, ParameterSchema> params(String family) {
    Map<String, ParameterSchema> p = families.get(ConfigNames.section(family));
    if (p == null) {
      throw new IllegalArgumentException("unknown task family " + family);
    }
    return p;
  }

  /** Parameter names and common task keys, normalised, parameters first. */
  private Set<String> known(String family) {
    Set<String> known = new LinkedHashSet<>(params(family).keySet());
    known.addAll(commonTaskKeys);
    return known;
  }

  private static String listed(Collection<String> names) {
    List<String> list = new ArrayList<>(names);
    return list.size() <= LISTED
        ? String.join(", ", list)
        : String.join(", ", list.subList(0, LISTED)) + ", ...";
  }

  private static void add(Map<String, ConfigException> errors, ConfigException e) {
    errors.putIfAbsent(e.getMessage(), e);
  }
}
