package dev.pipeline.engine.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a family's command runs: {@code sandbox = KIND::TARGET} and its options, read from the
 * family's section, each key falling back to {@code [core]} (the run-wide default). {@code
 * sandbox = none} in a family opts out of a {@code [core]} sandbox.
 *
 * @param kind venv, conda, apptainer, singularity, docker or podman; null for no sandbox
 * @param target the venv directory, conda name or prefix, or the image
 * @param mounts extra bind mounts, {@code SRC}, {@code SRC:DST} or {@code SRC:DST:ro}
 * @param env names of more variables to forward into a container
 * @param gpuFlags auto (the kind's own), cdi, gpus, nv or none
 * @param options extra words for the container program's run/exec, before the image
 * @param program the container or conda program (a name on the PATH or a path)
 * @param source where {@code sandbox} was set, for messages; null when no sandbox
 */
public record SandboxSettings(String kind, String target, List<String> mounts, List<String> env,
    String gpuFlags, List<String> options, String program, ConfigValue source) {
  public static final List<String> KINDS =
      List.of("venv", "conda", "apptainer", "singularity", "docker", "podman");
  /** Every key a family section or {@code [core]} may hold for its sandbox. */
  public static final Set<String> KEYS = Set.of("sandbox", "sandbox_mounts", "sandbox_env",
      "sandbox_gpus", "sandbox_options", "sandbox_program");
  private static final List<String> GPU_FLAGS = List.of("auto", "cdi", "gpus", "nv", "none");
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final String FORMS = "write venv::PATH, conda::NAME_OR_PATH, apptainer::IMAGE,"
      + " singularity::IMAGE, docker::IMAGE, podman::IMAGE or none";

  public static final SandboxSettings NONE =
      new SandboxSettings(null, null, List.of(), List.of(), "auto", List.of(), null, null);

  public SandboxSettings {
    mounts = List.copyOf(mounts);
    env = List.copyOf(env);
    options = List.copyOf(options);
  }

  public boolean present() {
    return kind != null;
  }

  /** Whether the command runs in a container image (not a venv or conda environment). */
  public boolean container() {
    return present() && !kind.equals("venv") && !kind.equals("conda");
  }

  /**
   * Reads a family's sandbox keys over {@code [core]}'s.
   *
   * @throws ConfigException naming file, line and key for a value that cannot be used
   */
  public static SandboxSettings of(Map<String, ConfigValue> family, Map<String, ConfigValue> core) {
    ConfigValue sandbox = pick(family, core, "sandbox");
    if (sandbox == null || sandbox.value().strip().equalsIgnoreCase("none")) {
      return NONE;
    }
    String text = sandbox.value().strip();
    int sep = text.indexOf("::");
    if (sep < 0 || text.substring(sep + 2).isBlank()) {
      throw invalid(sandbox, "expected KIND::TARGET, got '" + text + "'", FORMS);
    }
    String kind = text.substring(0, sep).strip().toLowerCase(Locale.ROOT);
    if (!KINDS.contains(kind)) {
      String hint = Suggestions.closest(kind, KINDS).map(k -> "did you mean '" + k + "'? ")
          .orElse("");
      throw invalid(sandbox, "unknown sandbox kind '" + kind + "'", hint + FORMS);
    }
    ConfigValue gpus = pick(family, core, "sandbox_gpus");
    String gpuFlags = gpus == null ? "auto" : gpus.value().strip().toLowerCase(Locale.ROOT);
    if (!GPU_FLAGS.contains(gpuFlags)) {
      throw invalid(gpus, "expected one of " + String.join(", ", GPU_FLAGS) + ", got '"
          + gpus.value().strip() + "'", "auto takes --nv for apptainer, --gpus for docker and"
          + " CDI devices for podman");
    }
    ConfigValue program = pick(family, core, "sandbox_program");
    return new SandboxSettings(kind, text.substring(sep + 2).strip(),
        mounts(pick(family, core, "sandbox_mounts")), names(pick(family, core, "sandbox_env")),
        gpuFlags, words(pick(family, core, "sandbox_options")),
        program == null || program.value().isBlank() ? null : program.value().strip(), sandbox);
  }

  /** The key's value in the family's section, else in {@code [core]}. */
  private static ConfigValue pick(Map<String, ConfigValue> family, Map<String, ConfigValue> core,
      String key) {
    ConfigValue v = family.get(key);
    return v != null ? v : core.get(key);
  }

  private static List<String> mounts(ConfigValue v) {
    List<String> out = new ArrayList<>();
    for (String m : items(v)) {
      String[] parts = m.split(":", -1);
      boolean ok = parts.length <= 3 && parts[0].startsWith("/")
          && (parts.length < 2 || parts[1].startsWith("/"))
          && (parts.length < 3 || parts[2].equals("ro") || parts[2].equals("rw"));
      if (!ok) {
        throw invalid(v, "'" + m + "' is not a mount", "write absolute paths SRC, SRC:DST or"
            + " SRC:DST:ro separated by commas");
      }
      out.add(m);
    }
    return out;
  }

  private static List<String> names(ConfigValue v) {
    List<String> out = items(v);
    for (String n : out) {
      if (!NAME.matcher(n).matches()) {
        throw invalid(v, "'" + n + "' is not a variable name", "separate names with commas");
      }
    }
    return out;
  }

  private static List<String> items(ConfigValue v) {
    List<String> out = new ArrayList<>();
    if (v != null) {
      for (String s : v.value().split(",")) {
        if (!s.isBlank()) {
          out.add(s.strip());
        }
      }
    }
    return out;
  }

  private static List<String> words(ConfigValue v) {
    return v == null || v.value().isBlank() ? List.of()
        : List.of(v.value().strip().split("\\s+"));
  }

  /** The section and key to name in a message about this sandbox. */
  public Optional<ConfigValue> origin() {
    return Optional.ofNullable(source);
  }

  private static ConfigException invalid(ConfigValue v, String problem, String fix) {
    return ConfigException.of(v.where(), v.section(), v.key(), problem, fix);
  }
}
