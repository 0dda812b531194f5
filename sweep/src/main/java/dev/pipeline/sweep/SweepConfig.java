package dev.pipeline.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pipeline.engine.config.Suggestions;
import dev.pipeline.engine.config.Utf8Files;
import dev.pipeline.engine.launch.RunOptionChecks;
import dev.pipeline.api.error.UsageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * A sweep file, parsed and checked. Two formats:
 *
 * <ul>
 *   <li><b>runner</b>: multi-document YAML. The first document holds {@code template} (command
 *       name to template) and optionally {@code resource}, {@code default}, {@code alias} and
 *       {@code pack}; every further document is a grid (a mapping of parameter to values, with an
 *       optional {@code _title}) or a list of grids.
 *   <li><b>dict</b> (the job submitter's and trainer's style): a YAML or JSON document that is a
 *       grid or a list of grids, and no {@code template}; the command comes from {@code --exec}.
 * </ul>
 *
 * A value list may be written as a scalar (one value). YAML timestamps stay text.
 */
final class SweepConfig {
  static final String TITLE = "_title";
  static final Set<String> RESERVED = Set.of("_name", "_output", "_datetime");
  static final String EXEC_COMMAND = "main";
  private static final List<String> HEADER_KEYS = List.of("template", "resource", "default", "alias", "pack");

  enum Format { RUNNER, DICT }

  /** One grid: the values of each parameter, in file order (the last one varies fastest). */
  record Grid(int document, String title, LinkedHashMap<String, List<Object>> choices) {}

  /**
   * An alias or a pack. List form: one value copied to several names ({@code targets}). Dict form:
   * each value names a group of name/value pairs ({@code cases}).
   */
  record Mapping(String name, List<String> targets, LinkedHashMap<Object, LinkedHashMap<String, Object>> cases) {
    boolean listForm() {
      return targets != null;
    }

    /** The name/value pairs that {@code value} stands for; a usage error when it names no case. */
    LinkedHashMap<String, Object> expand(Object value, String what) {
      LinkedHashMap<String, Object> out = new LinkedHashMap<>();
      if (listForm()) {
        targets.forEach(t -> out.put(t, value));
        return out;
      }
      LinkedHashMap<String, Object> group = cases.get(value);
      if (group == null) {
        for (Map.Entry<Object, LinkedHashMap<String, Object>> e : cases.entrySet()) {
          if (PyFormat.str(e.getKey()).equals(PyFormat.str(value))) {
            group = e.getValue();
          }
        }
      }
      if (group == null) {
        List<String> keys = new ArrayList<>();
        cases.keySet().forEach(k -> keys.add(PyFormat.str(k)));
        throw new UsageException("value of '" + name + "' should be in (" + String.join(", ", keys)
            + "), got " + PyFormat.repr(value) + " (" + what + " '" + name + "')");
      }
      out.putAll(group);
      return out;
    }
  }

  final Path file;
  final Format format;
  final LinkedHashMap<String, CommandTemplate> templates;
  final List<String> resources;
  final LinkedHashMap<String, Object> defaults;
  final LinkedHashMap<String, Mapping> aliases;
  final LinkedHashMap<String, Mapping> packs;
  final List<Grid> grids;

  private SweepConfig(Path file, Format format, LinkedHashMap<String, CommandTemplate> templates,
      List<String> resources, LinkedHashMap<String, Object> defaults,
      LinkedHashMap<String, Mapping> aliases, LinkedHashMap<String, Mapping> packs, List<Grid> grids) {
    this.file = file;
    this.format = format;
    this.templates = templates;
    this.resources = resources;
    this.defaults = defaults;
    this.aliases = aliases;
    this.packs = packs;
    this.grids = grids;
  }

  /** Reads {@code file}; {@code exec} is the command template for a dict-style file (else null). */
  static SweepConfig load(Path file, String exec) {
    return parse(file, Utf8Files.read(file, "sweep file", "-y"), exec);
  }

  /** A GPU slot is one GPU id or several joined by commas ("0,1"); {@code where} names it in errors. */
  static void checkSlot(String where, String slot) {
    for (String id : slot.split(",", -1)) {
      RunOptionChecks.gpuId(where, id.strip());
    }
  }

  static SweepConfig parse(Path file, String text, String exec) {
    List<Object> documents = documents(file, text);
    if (documents.isEmpty()) {
      throw new UsageException(file + " is empty");
    }
    Object first = documents.get(0);
    if (first instanceof Map<?, ?> header && header.containsKey("template")) {
      if (exec != null) {
        throw new UsageException("--exec is for files without templates, but " + file
            + " has a 'template' document; add the command there instead");
      }
      return runner(file, mapping(header, "the first document"), documents.subList(1, documents.size()));
    }
    if (first instanceof Map<?, ?> header && !header.isEmpty()
        && HEADER_KEYS.stream().anyMatch(header::containsKey)) {
      throw new UsageException(file + ": the first document has "
          + HEADER_KEYS.stream().filter(header::containsKey).toList()
          + " but no 'template' (command name: command line)");
    }
    if (exec == null) {
      throw new UsageException(file + " has no 'template' document; runner-style files start with"
          + " one, and dict-style grids need the command as --exec 'python main.py'");
    }
    LinkedHashMap<String, CommandTemplate> templates = new LinkedHashMap<>();
    templates.put(EXEC_COMMAND, CommandTemplate.parse(EXEC_COMMAND, exec));
    List<Grid> grids = grids(file, documents, 0);
    return new SweepConfig(file, Format.DICT, templates, null, new LinkedHashMap<>(),
        new LinkedHashMap<>(), new LinkedHashMap<>(), grids);
  }

  private static SweepConfig runner(Path file, LinkedHashMap<String, Object> header, List<Object> rest) {
    for (String key : header.keySet()) {
      if (!HEADER_KEYS.contains(key)) {
        String hint = Suggestions.closest(key, HEADER_KEYS).map(s -> "; did you mean '" + s + "'?")
            .orElse("");
        throw new UsageException(file + ": unknown key '" + key + "' in the first document" + hint
            + " (known: " + String.join(", ", HEADER_KEYS) + ")");
      }
    }
    LinkedHashMap<String, Object> rawTemplates = mapping(header.get("template"), "'template'");
    if (rawTemplates.isEmpty()) {
      throw new UsageException(file + ": 'template' needs at least one command");
    }
    LinkedHashMap<String, CommandTemplate> templates = new LinkedHashMap<>();
    rawTemplates.forEach((name, value) -> {
      if (!(value instanceof String s)) {
        throw new UsageException(file + ": template '" + name + "' must be a command line (text)");
      }
      if (!name.matches("[\\w.-]+")) {
        throw new UsageException(file + ": template name '" + name
            + "' may hold only letters, digits, '_', '-' and '.' (it names log files)");
      }
      templates.put(name, CommandTemplate.parse(name, s));
    });
    List<String> resources = null;
    if (header.get("resource") != null) {
      if (!(header.get("resource") instanceof List<?> list) || list.isEmpty()) {
        throw new UsageException(file + ": 'resource' must be a non-empty list of GPU slots, e.g."
            + " [0, 1], [0, 1, 0, 1] or [\"0,1\", \"2,3\"]");
      }
      resources = new ArrayList<>();
      for (Object o : list) {
        String slot = o instanceof String s ? s.replace(" ", "") : PyFormat.str(o);
        if (o == null || o instanceof List || o instanceof Map || slot.isEmpty()) {
          throw new UsageException(file + ": resource entry " + PyFormat.repr(o)
              + " is not a GPU slot (write 0, or \"0,1\" for two GPUs)");
        }
        checkSlot(file + ": resource entry " + PyFormat.repr(o), slot);
        resources.add(slot);
      }
    }
    LinkedHashMap<String, Object> defaults = header.get("default") == null ? new LinkedHashMap<>()
        : mapping(header.get("default"), "'default'");
    defaults.keySet().forEach(k -> checkName(file, k, "'default'"));
    LinkedHashMap<String, Mapping> aliases = mappings(file, header.get("alias"), "alias");
    LinkedHashMap<String, Mapping> packs = mappings(file, header.get("pack"), "pack");
    for (String p : packs.keySet()) {
      if (aliases.containsKey(p)) {
        throw new UsageException(file + ": '" + p + "' is both an alias and a pack; pick one");
      }
    }
    if (rest.isEmpty()) {
      throw new UsageException(file + ": no parameter choices; add a document after '---' such as"
          + " 'lr: [0.1, 0.01]'");
    }
    return new SweepConfig(file, Format.RUNNER, templates, resources, defaults, aliases, packs,
        grids(file, rest, 1));
  }

  private static LinkedHashMap<String, Mapping> mappings(Path file, Object raw, String kind) {
    LinkedHashMap<String, Mapping> out = new LinkedHashMap<>();
    if (raw == null) {
      return out;
    }
    mapping(raw, "'" + kind + "'").forEach((name, value) -> {
      checkName(file, name, "'" + kind + "'");
      if (value instanceof List<?> list) {
        List<String> targets = new ArrayList<>();
        for (Object t : list) {
          if (!(t instanceof String s)) {
            throw new UsageException(file + ": " + kind + " '" + name + "': list entries are parameter"
                + " names, got " + PyFormat.repr(t));
          }
          checkName(file, s, kind + " '" + name + "'");
          targets.add(s);
        }
        if (targets.isEmpty()) {
          throw new UsageException(file + ": " + kind + " '" + name + "' lists no parameter names");
        }
        out.put(name, new Mapping(name, List.copyOf(targets), null));
      } else if (value instanceof Map<?, ?> cases && !cases.isEmpty()) {
        LinkedHashMap<Object, LinkedHashMap<String, Object>> byValue = new LinkedHashMap<>();
        cases.forEach((k, group) -> {
          if (!(group instanceof Map<?, ?>)) {
            throw new UsageException(file + ": " + kind + " '" + name + "', value "
                + PyFormat.repr(k) + ": expected a mapping of parameter names to values, got "
                + PyFormat.repr(group));
          }
          LinkedHashMap<String, Object> g = mapping(group, kind + " '" + name + "'");
          g.keySet().forEach(t -> checkName(file, t, kind + " '" + name + "'"));
          byValue.put(k, g);
        });
        out.put(name, new Mapping(name, null, byValue));
      } else {
        throw new UsageException(file + ": " + kind + " '" + name + "' must be a list of parameter"
            + " names or a mapping of values to parameter groups");
      }
    });
    return out;
  }

  private static List<Grid> grids(Path file, List<Object> documents, int firstIndex) {
    List<Grid> grids = new ArrayList<>();
    for (int d = 0; d < documents.size(); d++) {
      Object doc = documents.get(d);
      int number = d + firstIndex + 1;
      List<?> list = doc instanceof List<?> l ? l : List.of(doc);
      if (list.isEmpty()) {
        throw new UsageException(file + ", document " + number + ": an empty list of grids");
      }
      for (Object g : list) {
        if (!(g instanceof Map<?, ?>)) {
          throw new UsageException(file + ", document " + number + ": expected a mapping of"
              + " parameter names to value lists, got " + PyFormat.repr(g));
        }
        grids.add(grid(file, number, mapping(g, "document " + number)));
      }
    }
    return grids;
  }

  private static Grid grid(Path file, int number, LinkedHashMap<String, Object> raw) {
    String title = null;
    LinkedHashMap<String, List<Object>> choices = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : raw.entrySet()) {
      String key = e.getKey();
      if (key.equals(TITLE)) {
        if (e.getValue() == null || e.getValue() instanceof List || e.getValue() instanceof Map) {
          throw new UsageException(file + ", document " + number + ": _title must be text");
        }
        title = PyFormat.str(e.getValue());
        continue;
      }
      checkName(file, key, "document " + number);
      Object v = e.getValue();
      List<Object> values;
      if (v instanceof List<?> l) {
        values = new ArrayList<>(l);
      } else if (v instanceof Map<?, ?>) {
        throw new UsageException(file + ", document " + number + ": '" + key + "' must be a list of"
            + " values (or one value), not a mapping");
      } else {
        values = new ArrayList<>();
        values.add(v);
      }
      if (values.isEmpty()) {
        throw new UsageException(file + ", document " + number + ": '" + key + "' has no values");
      }
      choices.put(key, values);
    }
    if (choices.isEmpty()) {
      throw new UsageException(file + ", document " + number + ": a grid needs at least one"
          + " parameter (it names the output directories)");
    }
    return new Grid(number, title, choices);
  }

  private static void checkName(Path file, String name, String where) {
    if (RESERVED.contains(name)) {
      throw new UsageException(file + ", " + where + ": '" + name + "' is reserved (it is set for"
          + " every point: {_name}, {_output}, {_datetime})");
    }
    if (name.startsWith("_")) {
      throw new UsageException(file + ", " + where + ": names starting with '_' are reserved, got '"
          + name + "' (only _title is known)");
    }
    if (!name.matches("(?U)[\\w-]+")) {
      throw new UsageException(file + ", " + where + ": parameter name '" + name
          + "' may hold only letters, digits, '_' and '-' (it is used as {" + name + "})");
    }
  }

  @SuppressWarnings("unchecked")
  private static LinkedHashMap<String, Object> mapping(Object raw, String what) {
    if (!(raw instanceof Map<?, ?> map)) {
      throw new UsageException(what + " must be a mapping, got " + PyFormat.repr(raw));
    }
    LinkedHashMap<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String)) {
        throw new UsageException(what + ": keys must be names, got " + PyFormat.repr(e.getKey()));
      }
      out.put((String) e.getKey(), e.getValue());
    }
    return out;
  }

  private static List<Object> documents(Path file, String text) {
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    List<Object> docs = new ArrayList<>();
    if (name.endsWith(".json")) {
      try {
        docs.add(new ObjectMapper().readValue(text, Object.class));
      } catch (JsonProcessingException e) {
        throw new UsageException(file + ": not valid JSON: " + e.getOriginalMessage()
            + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()));
      }
      return docs;
    }
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(new org.yaml.snakeyaml.DumperOptions()),
          new org.yaml.snakeyaml.DumperOptions(), options, new PythonTypes());
      for (Object doc : yaml.loadAll(text)) {
        if (doc != null) {
          docs.add(doc);
        }
      }
    } catch (YAMLException e) {
      throw new UsageException(file + ": not valid YAML: " + e.getMessage().replace('\n', ' '));
    }
    return docs;
  }

  /**
   * Scalars typed as the runner's YAML library (PyYAML) types them, so that names and commands
   * match the runner's: a float needs a dot ({@code 1e-4} stays the text {@code 1e-4}, as in
   * PyYAML, while {@code 1.0e-4} is a number), and dates stay text.
   */
  private static final class PythonTypes extends Resolver {
    private static final java.util.regex.Pattern PYYAML_FLOAT = java.util.regex.Pattern.compile(
        "^(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?"
            + "|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
            + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*"
            + "|[-+]?\\.(?:inf|Inf|INF)"
            + "|\\.(?:nan|NaN|NAN))$");

    @Override
    public void addImplicitResolver(org.yaml.snakeyaml.nodes.Tag tag, java.util.regex.Pattern regexp,
        String first, int limit) {
      if (org.yaml.snakeyaml.nodes.Tag.FLOAT.equals(tag)) {
        super.addImplicitResolver(tag, PYYAML_FLOAT, "-+0123456789.", limit);
      } else if (!org.yaml.snakeyaml.nodes.Tag.TIMESTAMP.equals(tag)) {
        super.addImplicitResolver(tag, regexp, first, limit);
      }
    }
  }
}
