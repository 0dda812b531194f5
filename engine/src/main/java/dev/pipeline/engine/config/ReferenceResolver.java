package dev.pipeline.engine.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Computes every option's final value: law references ({@code &::section::option}, or
 * {@code &::option} for the same section) are followed, chains included; everything else gets
 * {@code ${VAR}} interpolation. Runs after all files and environment overrides are merged, so a
 * reference sees the winning value and a value overridden by a later file is never interpolated
 * (a base file may mention variables that only some users set).
 */
final class ReferenceResolver {
  private static final Pattern REFERENCE = Pattern.compile("&::(?:([^:\\s]+)::)?([^:\\s]+)");

  private final Map<String, DraftSection> sections;
  private final Map<String, String> environment;
  private final Map<List<String>, String> done = new HashMap<>();
  private final List<List<String>> inProgress = new ArrayList<>();

  private ReferenceResolver(Map<String, DraftSection> sections, Map<String, String> environment) {
    this.sections = sections;
    this.environment = environment;
  }

  /** Replaces each value in place with its resolved form. */
  static void resolve(Map<String, DraftSection> sections, Map<String, String> environment) {
    ReferenceResolver r = new ReferenceResolver(sections, environment);
    for (Map.Entry<String, DraftSection> s : sections.entrySet()) {
      for (String key : s.getValue().values.keySet()) {
        r.value(s.getKey(), key);
      }
    }
    for (Map.Entry<String, DraftSection> s : sections.entrySet()) {
      s.getValue().values.replaceAll((k, v) -> v.withValue(r.done.get(List.of(s.getKey(), k))));
    }
  }

  private String value(String section, String key) {
    List<String> id = List.of(section, key);
    String known = done.get(id);
    if (known != null) {
      return known;
    }
    ConfigValue v = sections.get(section).values.get(key);
    String result;
    if (v.fromEnvironment()) {
      result = v.raw();
    } else if (v.raw().startsWith("&::")) {
      inProgress.add(id);
      result = follow(section, v);
      inProgress.remove(inProgress.size() - 1);
    } else {
      result = Interpolator.interpolate(v.raw(), environment, v.where(), v.section(), v.key());
    }
    done.put(id, result);
    return result;
  }

  private String follow(String section, ConfigValue v) {
    Matcher m = REFERENCE.matcher(v.raw());
    if (!m.matches()) {
      throw ConfigException.of(v.where(), v.section(), v.key(),
          "malformed reference '" + v.raw() + "'", "write &::section::option or &::option");
    }
    String writtenSection = m.group(1) == null ? v.section() : m.group(1);
    String targetSection = m.group(1) == null ? section : ConfigNames.section(m.group(1));
    String targetKey = ConfigNames.key(m.group(2));
    DraftSection target = sections.get(targetSection);
    if (target == null) {
      throw unresolved(v, "no section [" + writtenSection + "]", targetSection, sections.keySet());
    }
    if (!target.values.containsKey(targetKey)) {
      throw unresolved(v, "no option '" + m.group(2) + "' in [" + writtenSection + "]",
          targetKey, target.values.keySet());
    }
    int start = inProgress.indexOf(List.of(targetSection, targetKey));
    if (start >= 0) {
      List<List<String>> cycle = new ArrayList<>(inProgress.subList(start, inProgress.size()));
      cycle.add(cycle.get(0));
      ConfigValue first = lookup(cycle.get(0));
      throw ConfigException.of(first.where(), first.section(), first.key(),
          "reference cycle " + cycle.stream().map(this::describe).collect(Collectors.joining(" -> ")),
          "replace one of the references with a plain value");
    }
    return value(targetSection, targetKey);
  }

  private ConfigException unresolved(
      ConfigValue v, String problem, String name, Collection<String> candidates) {
    String fix = Suggestions.closest(name, candidates)
        .map(s -> "did you mean '" + s + "'?")
        .orElse("define it or fix the reference");
    return ConfigException.of(v.where(), v.section(), v.key(),
        "unresolved reference " + v.raw() + ": " + problem, fix);
  }

  private ConfigValue lookup(List<String> id) {
    return sections.get(id.get(0)).values.get(id.get(1));
  }

  private String describe(List<String> id) {
    ConfigValue v = lookup(id);
    return "[" + v.section() + "] " + v.key();
  }
}
