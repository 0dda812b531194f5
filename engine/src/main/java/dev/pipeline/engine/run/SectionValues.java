package dev.pipeline.engine.run;

import dev.pipeline.engine.config.ConfigException;
import dev.pipeline.engine.config.ConfigNames;
import dev.pipeline.engine.config.ConfigValue;
import dev.pipeline.engine.config.ParameterSchema;
import dev.pipeline.engine.config.PipelineConfig;
import dev.pipeline.engine.config.ValueParsers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One engine-owned section of a validated cfg, read as typed values: the cfg value (or its
 * {@code PIPELINE__SECTION__KEY} override) else the default declared in {@link BuiltinSections}.
 * A value outside its range names the file and line it came from.
 */
final class SectionValues {
  private final String section;
  private final Map<String, ConfigValue> values;
  private final Map<String, ParameterSchema> keys = new java.util.HashMap<>();

  SectionValues(PipelineConfig config, String section) {
    this.section = section;
    this.values = config.section(section);
    for (ParameterSchema p : BuiltinSections.all().get(section)) {
      keys.put(p.name(), p);
    }
  }

  /** Where {@code key} was set, for messages of the settings built from it. */
  Optional<ConfigValue> given(String key) {
    declared(key);
    return Optional.ofNullable(values.get(ConfigNames.key(key)));
  }

  Optional<String> text(String key) {
    return given(key).map(v -> v.value().strip())
        .or(() -> Optional.ofNullable(declared(key).defaultValue()));
  }

  String string(String key) {
    return text(key).orElse(null);
  }

  int integer(String key, int min) {
    Integer n = read(key, ValueParsers::parseInt);
    if (n != null && n < min) {
      throw outOfRange(key, "at least " + min);
    }
    return n == null ? 0 : n;
  }

  long longValue(String key, long min) {
    Long n = read(key, ValueParsers::parseLong);
    if (n != null && n < min) {
      throw outOfRange(key, "at least " + min);
    }
    return n == null ? 0 : n;
  }

  Boolean bool(String key) {
    return read(key, ValueParsers::parseBoolean);
  }

  Duration duration(String key) {
    return read(key, ValueParsers::parseDuration);
  }

  Path path(String key) {
    return read(key, ValueParsers::parsePath);
  }

  List<String> list(String key) {
    List<String> l = read(key, ValueParsers::parseList);
    return l == null ? List.of() : l;
  }

  String choice(String key) {
    return read(key, v -> ValueParsers.parseEnum(v,
        ValueParsers.enumChoices(declared(key).type())));
  }

  /** The value through {@code parse}; a failure names the line (the schema check ran first). */
  <T> T read(String key, Function<String, T> parse) {
    Optional<String> text = text(key);
    if (text.isEmpty()) {
      return null;
    }
    try {
      return parse.apply(text.get());
    } catch (IllegalArgumentException e) {
      throw invalid(key, e.getMessage());
    }
  }

  /** A one-line error about {@code key} at the line it came from. */
  ConfigException invalid(String key, String why) {
    ConfigValue v = given(key).orElse(null);
    return ConfigException.of(v == null ? null : v.where(), section, key,
        "wrong value '" + (v == null ? "" : v.value().strip()) + "'", why);
  }

  /** Like {@link #invalid} but without quoting the value (a secret, or a key not set at all). */
  ConfigException invalidWithoutValue(String key, String problem, String fix) {
    ConfigValue v = given(key).orElse(null);
    return ConfigException.of(v == null ? null : v.where(), section, key, problem, fix);
  }

  private ConfigException outOfRange(String key, String expected) {
    ConfigValue v = given(key).orElseThrow();
    return ConfigException.of(v.where(), section, key,
        "out of range: expected " + expected + ", got '" + v.value().strip() + "'", null);
  }

  private ParameterSchema declared(String key) {
    ParameterSchema p = keys.get(key);
    if (p == null) {
      throw new IllegalArgumentException("[" + section + "] " + key + " is not declared in BuiltinSections");
    }
    return p;
  }
}
