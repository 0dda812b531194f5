package dev.pipeline.engine.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A section while files, environment and references are being layered; see ConfigLoader. */
final class DraftSection {
  String name;
  Path file;
  int line;
  /** Keyed by normalised option name; values hold {@code value == raw} until resolved. */
  final Map<String, ConfigValue> values = new LinkedHashMap<>();

  DraftSection(String name, Path file, int line) {
    this.name = name;
    this.file = file;
    this.line = line;
  }

  ConfigSection freeze() {
    return new ConfigSection(name, file, line, values);
  }
}
