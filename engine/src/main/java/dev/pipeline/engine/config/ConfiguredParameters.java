package dev.pipeline.engine.config;

import dev.pipeline.api.targets.s3.S3Store;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parameter defaults with the documented precedence: command line ({@code --Family-param}) over
 * the environment ({@code PIPELINE__FAMILY__PARAM}, already merged into the config by the loader)
 * over the cfg files (the family's section, then its shared sections) over the code default.
 * It is the configuration a run's tasks keep, so it also carries the run's S3 store.
 */
public final class ConfiguredParameters implements ParameterSource {
  private final PipelineConfig config;
  private final Map<String, Map<String, String>> commandLine;
  private final S3Store s3;
  private final Map<String, Map<String, ConfigValue>> effective = new ConcurrentHashMap<>();
  private final Map<String, TaskSettings> settings = new ConcurrentHashMap<>();
  private final Map<String, SandboxSettings> sandboxes = new ConcurrentHashMap<>();
  private final Map<String, ServiceSettings> services = new ConcurrentHashMap<>();
  /** Family name → its cfg section name, or "" for none: looked up once per family, not per task. */
  private final Map<String, String> sectionOfFamily = new ConcurrentHashMap<>();

  /**
   * Values outside a run (tests, {@code pipeline index}): S3 settings from the process
   * environment only.
   *
   * @param commandLine family → parameter → value, from {@code --Family-param value} options
   */
  public ConfiguredParameters(PipelineConfig config, Map<String, Map<String, String>> commandLine) {
    this(config, commandLine, S3Store.environment());
  }

  /**
   * @param commandLine family → parameter → value, from {@code --Family-param value} options
   * @param s3 the run's store ({@code [s3]} over the run's environment), for its tasks' targets
   */
  public ConfiguredParameters(PipelineConfig config, Map<String, Map<String, String>> commandLine,
      S3Store s3) {
    this.config = config;
    this.commandLine = Map.copyOf(commandLine);
    this.s3 = Objects.requireNonNull(s3, "s3");
  }

  public PipelineConfig config() {
    return config;
  }

  @Override
  public S3Store s3Store() {
    return s3;
  }

  @Override
  public Optional<Value> value(String family, String parameter, Collection<String> all) {
    // --sandbox.Train-lr, else --Train-lr; the message names the option as it was typed.
    String typed = commandLine.containsKey(family) ? family : shortName(family);
    Map<String, String> cli = commandLine.get(typed);
    if (cli != null && cli.containsKey(parameter)) {
      return Optional.of(new Value(cli.get(parameter), "--" + typed + "-" + parameter));
    }
    String section = sectionOf(family);
    if (section.isEmpty()) {
      return Optional.empty();
    }
    ConfigValue v = effective
        .computeIfAbsent(section, s -> config.effectiveSection(s, all))
        .get(ConfigNames.key(parameter));
    return v == null ? Optional.empty()
        : Optional.of(new Value(v.value(), v.where() + ": [" + v.section() + "] " + v.key()));
  }

  @Override
  public boolean configures(String family) {
    return commandLine.containsKey(family) || commandLine.containsKey(shortName(family))
        || !sectionOf(family).isEmpty();
  }

  /** The family's own section ({@code [sandbox.Train]}), else that of its short name ({@code [Train]}). */
  private String sectionOf(String family) {
    return sectionOfFamily.computeIfAbsent(family, f -> config.familySection(f).orElse(""));
  }

  private static String shortName(String family) {
    return family.substring(family.lastIndexOf('.') + 1);
  }

  @Override
  public TaskSettings settings(String family) {
    String section = sectionOf(family);
    return section.isEmpty() ? TaskSettings.NONE
        : settings.computeIfAbsent(section, s -> TaskSettings.of(config.section(s)));
  }

  @Override
  public SandboxSettings sandbox(String family) {
    return sandboxes.computeIfAbsent(sectionOf(family),
        s -> SandboxSettings.of(s.isEmpty() ? Map.of() : config.section(s), config.section("core")));
  }

  @Override
  public java.util.List<ServiceSettings> services(String family) {
    String section = sectionOf(family);
    ConfigValue names = section.isEmpty() ? null : config.section(section).get("services");
    if (names == null) {
      return java.util.List.of();
    }
    java.util.List<ServiceSettings> out = new java.util.ArrayList<>();
    for (String name : names.value().split(",")) {
      if (name.isBlank()) {
        continue;
      }
      String n = name.strip();
      Map<String, ConfigValue> values = config.section(ServiceSettings.PREFIX + n);
      if (values.isEmpty()) {
        throw ConfigException.of(names.where(), names.section(), names.key(),
            "no section [" + ServiceSettings.PREFIX + n + "] declares the service '" + n + "'",
            "add one with its command, e.g. [" + ServiceSettings.PREFIX + n
                + "] command = python3 -m http.server {port}");
      }
      out.add(services.computeIfAbsent(n, k -> ServiceSettings.of(k, values,
          config.section("core"), ConfigException.where(config.file(), 0))));
    }
    return out;
  }
}
