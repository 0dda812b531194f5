package dev.pipeline.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Writes cfg-derived values into an ML framework's YAML config (e.g. a Lightning
 * {@code train.yaml}) by dotted key path, instead of hand-built {@code --data.x=...} command-line
 * overrides. Key order is preserved and new keys are appended at the end of their mapping. Output
 * is block style. Comments in the input are not kept (snakeyaml's map model has no place for
 * them). Keys containing dots cannot be addressed.
 */
final class YamlMerger {
  private YamlMerger() {}

  /**
   * Sets each {@code a.b.c -> value} in {@code yamlText} and returns the new YAML. Intermediate
   * mappings are created as needed. Values are written as given: pass Integer, Double, Boolean,
   * String, List or Map (a String "3" stays a quoted string).
   *
   * @throws YamlConfigException for malformed YAML (with the line) or a path through a non-mapping
   */
  public static String merge(String yamlText, Map<String, Object> valuesByKeyPath) {
    return merge(yamlText, valuesByKeyPath, null);
  }

  /** {@link #merge(String, Map)} from one file to another ({@code in} and {@code out} may match). */
  public static void mergeFile(Path in, Path out, Map<String, Object> valuesByKeyPath) {
    String text;
    try {
      text = Files.readString(in, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw YamlConfigException.of(in.toString(), null, null, "cannot read YAML: " + e.getMessage(),
          "check that the file exists and is readable", e);
    }
    String merged = merge(text, valuesByKeyPath, in);
    try {
      Files.writeString(out, merged, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw YamlConfigException.of(out.toString(), null, null, "cannot write YAML: " + e.getMessage(),
          "check that the directory exists and is writable", e);
    }
  }

  private static String merge(String yamlText, Map<String, Object> values, Path source) {
    Map<String, Object> root = load(yamlText, source);
    for (Map.Entry<String, Object> e : values.entrySet()) {
      set(root, e.getKey(), e.getValue(), source);
    }
    return yaml().dump(root);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> load(String text, Path source) {
    Object doc;
    try {
      doc = yaml().load(text);
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String where = mark == null ? name(source) : place(source, mark.getLine() + 1);
      String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
      throw YamlConfigException.of(where, null, null, "malformed YAML: " + problem,
          "fix the YAML syntax", e);
    } catch (YAMLException e) {
      throw YamlConfigException.of(name(source), null, null, "malformed YAML: " + e.getMessage(),
          "fix the YAML syntax", e);
    }
    if (doc == null) {
      return new LinkedHashMap<>(); // an empty file: start from nothing
    }
    if (!(doc instanceof Map)) {
      throw YamlConfigException.of(name(source), null, null,
          "top level is a " + kind(doc) + ", not a mapping", "key paths need a mapping at the top");
    }
    return (Map<String, Object>) doc;
  }

  @SuppressWarnings("unchecked")
  private static void set(Map<String, Object> root, String path, Object value, Path source) {
    String[] parts = path.split("\\.", -1);
    Map<String, Object> node = root;
    for (int i = 0; i < parts.length; i++) {
      if (parts[i].isEmpty()) {
        throw YamlConfigException.of(name(source), null, path, "empty segment in key path",
            "write dotted keys like model.kernel_length");
      }
      if (i == parts.length - 1) {
        node.put(parts[i], value);
        return;
      }
      Object child = node.get(parts[i]);
      if (child == null) {
        // Absent, or "key:" with no value (null): both become a fresh mapping.
        Map<String, Object> created = new LinkedHashMap<>();
        node.put(parts[i], created);
        node = created;
      } else if (child instanceof Map) {
        node = (Map<String, Object>) child;
      } else {
        String prefix = String.join(".", Arrays.copyOfRange(parts, 0, i + 1));
        throw YamlConfigException.of(name(source), null, path,
            "cannot set: '" + prefix + "' is a " + kind(child) + " (" + child + "), not a mapping",
            "change '" + prefix + "' into a mapping or set a different key path");
      }
    }
  }

  private static Yaml yaml() {
    LoaderOptions loading = new LoaderOptions();
    loading.setAllowDuplicateKeys(false); // a duplicated key is a silent override: reject it
    DumperOptions dumping = new DumperOptions();
    dumping.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    dumping.setIndent(2);
    dumping.setIndicatorIndent(2);
    dumping.setIndentWithIndicator(true); // "  - H1" under its key, as people write lists
    return new Yaml(new SafeConstructor(loading), new Representer(dumping), dumping, loading);
  }

  private static String kind(Object o) {
    if (o instanceof List) {
      return "list";
    }
    if (o instanceof Number) {
      return o instanceof Integer || o instanceof Long ? "int" : "number";
    }
    return o instanceof Boolean ? "boolean" : o instanceof String ? "string" : "scalar";
  }

  private static String name(Path source) {
    return source == null ? null : source.toString();
  }

  private static String place(Path source, int line) {
    return source == null ? "line " + line : source + ":" + line;
  }
}
