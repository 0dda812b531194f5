package dev.pipeline.engine.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The loaded configuration: every file merged (inherit, main, extend), environment overrides on
 * top, values interpolated and references resolved. Immutable. Section and option names are looked
 * up normalised ({@link ConfigNames}), so {@code get("luigi_Train", "learning-rate")} finds
 * {@code [Train] learning_rate}.
 */
public final class PipelineConfig {
  /** The option that makes a section take defaults from other sections. */
  public static final String SHARED_KEY = "shared";

  private static final PipelineConfig EMPTY = new PipelineConfig(null, Map.of());

  private final Path file;
  private final Map<String, ConfigSection> sections;

  PipelineConfig(Path file, Map<String, ConfigSection> sections) {
    this.file = file;
    this.sections = Collections.unmodifiableMap(new LinkedHashMap<>(sections));
  }

  /** A config with no sections, for runs without a cfg file. */
  public static PipelineConfig empty() {
    return EMPTY;
  }

  /** The main file passed to the loader; null for {@link #empty()}. */
  public Path file() {
    return file;
  }

  public Optional<ConfigValue> get(String section, String key) {
    return Optional.ofNullable(section(section).get(ConfigNames.key(key)));
  }

  /** Shortcut for the interpolated value of {@link #get}. */
  public Optional<String> value(String section, String key) {
    return get(section, key).map(ConfigValue::value);
  }

  /** Normalised section names ({@code luigi_} stripped), in first-seen order. */
  public Set<String> sections() {
    return sections.keySet();
  }

  /** The section with its header location, for messages about the section itself. */
  public Optional<ConfigSection> sectionInfo(String name) {
    return Optional.ofNullable(sections.get(ConfigNames.section(name)));
  }

  /** The section's own options keyed by normalised option name; empty when absent. */
  public Map<String, ConfigValue> section(String name) {
    ConfigSection s = sections.get(ConfigNames.section(name));
    return s == null ? Map.of() : s.values();
  }

  /**
   * The section that configures a family: its own ({@code [sandbox.Train]}), else that of its short
   * name ({@code [Train]}), ignoring case; empty when the cfg has neither.
   */
  public Optional<String> familySection(String family) {
    String shortName = family.substring(family.lastIndexOf('.') + 1);
    Optional<String> own = sectionIgnoringCase(family);
    return own.isPresent() || shortName.equals(family) ? own : sectionIgnoringCase(shortName);
  }

  private Optional<String> sectionIgnoringCase(String name) {
    String wanted = ConfigNames.section(name);
    return sections.keySet().stream().filter(s -> s.equalsIgnoreCase(wanted)).findFirst();
  }

  /**
   * The sections named by {@code [family] shared = a, b}, normalised, left to right.
   *
   * @throws ConfigException when a named section does not exist
   */
  public List<String> sharedSections(String family) {
    ConfigValue shared = section(family).get(SHARED_KEY);
    if (shared == null) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    for (String item : ValueParsers.parseList(shared.value())) {
      String name = ConfigNames.section(item);
      if (!sections.containsKey(name)) {
        String hint = Suggestions.closest(name, sections.keySet())
            .map(s -> "did you mean '" + s + "'?")
            .orElse("define [" + name + "] or fix the name");
        throw ConfigException.of(shared.where(), shared.section(), shared.key(),
            "unknown shared section [" + item + "]", hint);
      }
      names.add(name);
    }
    return names;
  }

  /**
   * The family's options with shared defaults applied: sections listed in {@code shared} are
   * applied left to right (a later one overrides an earlier one) and the family's own options
   * override them all. Every shared option is included; see the overload to filter them.
   */
  public Map<String, ConfigValue> effectiveSection(String family) {
    return effective(family, null);
  }

  /**
   * Like {@link #effectiveSection(String)}, but a shared option is only taken when it is one of
   * {@code parameters}: one shared section ({@code [data] sample_rate, ifos, ...}) serves families
   * with different parameters, and a key that a family does not have is simply not for it. The
   * family's own options are always kept, since an unknown key there is the user's mistake and
   * validation reports it.
   */
  public Map<String, ConfigValue> effectiveSection(String family, Collection<String> parameters) {
    Set<String> wanted = new HashSet<>();
    for (String p : parameters) {
      wanted.add(ConfigNames.key(p));
    }
    return effective(family, wanted);
  }

  private Map<String, ConfigValue> effective(String family, Set<String> wanted) {
    Map<String, ConfigValue> result = new LinkedHashMap<>();
    for (String shared : sharedSections(family)) {
      for (Map.Entry<String, ConfigValue> e : section(shared).entrySet()) {
        // A shared section's own "shared" key is not followed: sharing is one level deep.
        if (!e.getKey().equals(SHARED_KEY) && (wanted == null || wanted.contains(e.getKey()))) {
          result.put(e.getKey(), e.getValue());
        }
      }
    }
    for (Map.Entry<String, ConfigValue> e : section(family).entrySet()) {
      if (!e.getKey().equals(SHARED_KEY)) {
        result.put(e.getKey(), e.getValue());
      }
    }
    return Collections.unmodifiableMap(result);
  }

  @Override
  public String toString() {
    return "PipelineConfig[" + (file == null ? "empty" : file) + ", sections=" + sections.keySet() + "]";
  }
}
