package dev.pipeline.engine.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A long-running process some tasks need, from its {@code [service.NAME]} section: started before
 * the first task that lists it in {@code services}, health-checked, and stopped after the last.
 *
 * @param name the NAME of {@code [service.NAME]}
 * @param command its command line (the syntax of cfg commands; placeholders {@code {host}},
 *     {@code {port}}, {@code {run_dir}})
 * @param host the address dependents use (default 127.0.0.1)
 * @param port the port, or 0 for a free one chosen when it starts
 * @param health {@code tcp}, {@code http:/PATH} or {@code command:PROGRAM ARGS...}
 * @param startTimeout how long it may take to become healthy
 * @param workdir where it runs (relative to the run directory), or null for the run directory
 * @param sandbox where its command runs (its own sandbox keys over {@code [core]}'s)
 */
public record ServiceSettings(String name, ConfigValue command, String host, int port,
    String health, Duration startTimeout, Path workdir, SandboxSettings sandbox) {
  public static final String PREFIX = "service.";
  /** The keys of a {@code [service.NAME]} section. */
  public static final Set<String> KEYS = union(Set.of("command", "host", "port", "health",
      "start_timeout", "workdir"), SandboxSettings.KEYS);

  /**
   * @throws ConfigException naming file, line and key for a value that cannot be used
   */
  public static ServiceSettings of(String name, Map<String, ConfigValue> section,
      Map<String, ConfigValue> core, String where) {
    ConfigValue command = section.get("command");
    if (command == null || command.value().isBlank()) {
      throw ConfigException.of(where, PREFIX + name, "command", "missing",
          "write the service's command line, e.g. command = python3 -m http.server {port}");
    }
    ConfigValue port = section.get("port");
    int p = 0;
    if (port != null && !port.value().strip().equalsIgnoreCase("auto")) {
      try {
        p = Integer.parseInt(port.value().strip());
      } catch (NumberFormatException e) {
        p = -1;
      }
      if (p < 1 || p > 65535) {
        throw invalid(port, "expected a port number 1..65535 or auto, got '"
            + port.value().strip() + "'", null);
      }
    }
    String health = text(section, "health", "tcp");
    if (!health.equals("tcp") && !health.startsWith("http:/") && !health.startsWith("command:")) {
      throw invalid(section.get("health"), "expected tcp, http:/PATH or command:PROGRAM ARGS,"
          + " got '" + health + "'", "e.g. health = http:/v2/health/ready");
    }
    Duration timeout = Duration.ofSeconds(60);
    ConfigValue t = section.get("start_timeout");
    if (t != null) {
      try {
        timeout = ValueParsers.parseDuration(t.value());
      } catch (IllegalArgumentException e) {
        throw invalid(t, "wrong type: expected duration, got '" + t.value().strip() + "'",
            e.getMessage());
      }
    }
    ConfigValue workdir = section.get("workdir");
    return new ServiceSettings(name, command, text(section, "host", "127.0.0.1"), p, health,
        timeout, workdir == null ? null : Path.of(workdir.value().strip()),
        SandboxSettings.of(section, core));
  }

  /** The environment variables' stem: {@code PIPELINE_SERVICE_TRITON}. */
  public String variablePrefix() {
    return "PIPELINE_SERVICE_" + name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  private static String text(Map<String, ConfigValue> section, String key, String otherwise) {
    ConfigValue v = section.get(key);
    return v == null || v.value().isBlank() ? otherwise : v.value().strip();
  }

  private static ConfigException invalid(ConfigValue v, String problem, String fix) {
    return ConfigException.of(v.where(), v.section(), v.key(), problem, fix);
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    java.util.Set<String> out = new java.util.LinkedHashSet<>(a);
    out.addAll(b);
    return Set.copyOf(out);
  }
}
