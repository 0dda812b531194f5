package dev.pipeline.engine.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads a cfg file the way law does, with errors that name file, line, section and key.
 *
 * <p>Layering, lowest to highest precedence: the files in {@code [core] inherit} (left to right,
 * each with its own includes), the file itself, the files in {@code [core] extend}, then
 * {@code PIPELINE__<SECTION>__<OPTION>} environment variables. Include paths may use
 * {@code ${VAR}}, are separated by commas or newlines, and relative ones are resolved against the
 * directory of the file that names them. Values are then resolved: see {@link ReferenceResolver}.
 */
public final class ConfigLoader {
  private static final String CORE = "core";
  private static final String INHERIT = "inherit";
  private static final String EXTEND = "extend";

  /** A file being loaded, and the include option of it that is currently being followed. */
  private static final class Frame {
    final Path file;
    final Path identity;
    IniFileReader.RawEntry via;

    Frame(Path file, Path identity) {
      this.file = file;
      this.identity = identity;
    }
  }

  private final Map<String, String> environment;
  private final Map<String, DraftSection> sections = new LinkedHashMap<>();
  private final List<Frame> stack = new ArrayList<>();

  private ConfigLoader(Map<String, String> environment) {
    this.environment = environment;
  }

  /**
   * Loads {@code file} and everything it includes, applies environment overrides and resolves
   * values.
   *
   * @param environment variables for {@code ${VAR}} and {@code PIPELINE__*} overrides (pass
   *     {@code System.getenv()} in production, a map in tests)
   * @throws ConfigException for any problem, with a one-line message
   */
  public static PipelineConfig load(Path file, Map<String, String> environment) {
    return load(file, environment, KnownNames.NONE);
  }

  /** As below, with families known by name only. */
  public static PipelineConfig load(Path file, Map<String, String> environment,
      Set<String> knownSections) {
    return load(file, environment, KnownNames.of(knownSections));
  }

  /**
   * As {@link #load(Path, Map)}; {@code known} (the task families and their parameters) gives the
   * spelling of sections and options that only environment variables mention.
   */
  public static PipelineConfig load(Path file, Map<String, String> environment,
      KnownNames known) {
    Path main = file.toAbsolutePath().normalize();
    if (!Files.exists(main)) {
      throw ConfigException.of(main.toString(), null, null, "config file not found",
          "pass an existing file to --config or PIPELINE_CONFIG");
    }
    if (!Files.isRegularFile(main)) {
      throw ConfigException.of(main.toString(), null, null, "not a regular file",
          "pass an existing file to --config or PIPELINE_CONFIG");
    }
    ConfigLoader loader = new ConfigLoader(Map.copyOf(environment));
    loader.loadFile(main);
    EnvironmentOverrides.apply(loader.environment, loader.sections, known);
    ReferenceResolver.resolve(loader.sections, loader.environment);
    Map<String, ConfigSection> frozen = new LinkedHashMap<>();
    loader.sections.forEach((name, draft) -> frozen.put(name, draft.freeze()));
    return new PipelineConfig(main, frozen);
  }

  /** A config made only of {@code PIPELINE__SECTION__OPTION} variables (no cfg file given). */
  public static PipelineConfig fromEnvironment(Map<String, String> environment,
      Set<String> knownSections) {
    return fromEnvironment(environment, KnownNames.of(knownSections));
  }

  /** As above, with the families' parameters for the spelling of options. */
  public static PipelineConfig fromEnvironment(Map<String, String> environment, KnownNames known) {
    ConfigLoader loader = new ConfigLoader(Map.copyOf(environment));
    EnvironmentOverrides.apply(loader.environment, loader.sections, known);
    Map<String, ConfigSection> frozen = new LinkedHashMap<>();
    loader.sections.forEach((name, draft) -> frozen.put(name, draft.freeze()));
    return new PipelineConfig(null, frozen);
  }

  private void loadFile(Path file) {
    IniFileReader.ParsedFile parsed = IniFileReader.read(file);
    Frame frame = new Frame(file, identity(file));
    stack.add(frame);
    include(frame, lastCoreOption(parsed, INHERIT));
    apply(parsed);
    include(frame, lastCoreOption(parsed, EXTEND));
    stack.remove(stack.size() - 1);
  }

  private void include(Frame frame, IniFileReader.RawEntry option) {
    if (option == null) {
      return;
    }
    String where = ConfigException.where(option.file(), option.line());
    String value =
        Interpolator.interpolate(option.raw(), environment, where, option.section(), option.key());
    Path dir = frame.file.getParent();
    for (String item : ValueParsers.parseList(value)) {
      Path child = dir.resolve(item).normalize();
      if (!Files.exists(child)) {
        throw ConfigException.of(where, option.section(), option.key(), "file not found: " + child,
            "fix the path (relative paths are resolved against " + dir + ")");
      }
      if (!Files.isRegularFile(child)) {
        throw ConfigException.of(where, option.section(), option.key(),
            "not a regular file: " + child, "point it at a cfg file");
      }
      frame.via = option;
      checkCycle(child);
      loadFile(child);
    }
  }

  private void checkCycle(Path child) {
    Path id = identity(child);
    for (int i = 0; i < stack.size(); i++) {
      if (stack.get(i).identity.equals(id)) {
        Frame start = stack.get(i);
        Path base = start.file.getParent();
        List<String> chain = new ArrayList<>();
        for (Frame f : stack.subList(i, stack.size())) {
          chain.add(base.relativize(f.file).toString());
        }
        chain.add(base.relativize(child).toString());
        IniFileReader.RawEntry via = start.via;
        throw ConfigException.of(ConfigException.where(via.file(), via.line()), via.section(),
            via.key(), via.key() + " cycle " + String.join(" -> ", chain),
            "remove one of the " + via.key() + " lines");
      }
    }
  }

  /** Later files override earlier ones; within a file the later spelling of a key wins. */
  private void apply(IniFileReader.ParsedFile parsed) {
    Set<String> seen = new HashSet<>();
    for (IniScanner.Header h : parsed.headers()) {
      String name = ConfigNames.section(h.name());
      if (!seen.add(name)) {
        continue; // a repeated header in one file: cite the first
      }
      DraftSection draft = sections.computeIfAbsent(name, n -> new DraftSection(h.name(), null, 0));
      draft.name = h.name();
      draft.file = parsed.file();
      draft.line = h.line();
    }
    for (IniFileReader.RawEntry e : parsed.entries()) {
      DraftSection draft = sections.get(ConfigNames.section(e.section()));
      draft.values.put(ConfigNames.key(e.key()),
          new ConfigValue(e.section(), e.key(), e.raw(), e.raw(), e.file(), e.line()));
    }
  }

  private static IniFileReader.RawEntry lastCoreOption(IniFileReader.ParsedFile parsed, String key) {
    IniFileReader.RawEntry found = null;
    for (IniFileReader.RawEntry e : parsed.entries()) {
      if (ConfigNames.section(e.section()).equals(CORE) && ConfigNames.key(e.key()).equals(key)) {
        found = e;
      }
    }
    return found;
  }

  // Symlinked or differently spelled paths to one file must still be caught as a cycle.
  private static Path identity(Path file) {
    try {
      return file.toRealPath();
    } catch (IOException e) {
      return file.toAbsolutePath().normalize();
    }
  }
}
