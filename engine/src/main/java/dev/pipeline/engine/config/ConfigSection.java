package dev.pipeline.engine.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One merged section. {@code name} is the spelling of the highest-precedence file that has the
 * section (so messages quote what the user is editing); {@code file}/{@code line} point at that
 * header, or are null/0 for a section that only exists through environment variables.
 *
 * @param values options keyed by normalised name ({@link ConfigNames#key}), in file order
 */
public record ConfigSection(String name, Path file, int line, Map<String, ConfigValue> values) {
  public ConfigSection {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** {@code file:line} of the header, or null when the section came from the environment. */
  public String where() {
    return ConfigException.where(file, line);
  }
}
