package dev.pipeline.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/** Reads numbers from the user's training config.yaml by dotted key path. */
final class TrainYaml {
  private TrainYaml() {}

  /**
   * The numbers at the key paths of {@code keys} (parameter → key path), as text by parameter;
   * key paths the file does not set are left out.
   *
   * @throws IllegalArgumentException for a file that cannot be read or parsed, or a key that holds
   *     something other than a number
   */
  static Map<String, String> read(Path file, Map<String, String> keys) {
    Object doc;
    try {
      doc = new Yaml(new SafeConstructor(new LoaderOptions()))
          .load(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalArgumentException("config " + file + ": cannot read it (" + e
          + "); fix the path in [Train] config or create the file");
    } catch (YAMLException e) {
      throw new IllegalArgumentException("config " + file + ": malformed YAML: "
          + e.getMessage().lines().findFirst().orElse(""));
    }
    Map<String, String> out = new LinkedHashMap<>();
    keys.forEach((parameter, path) -> {
      Object value = at(doc, path);
      if (value instanceof Number n) {
        out.put(parameter, n.toString());
      } else if (value != null) {
        throw new IllegalArgumentException(file + ": " + path + ": expected a number, got '"
            + value + "'");
      }
    });
    return out;
  }

  private static Object at(Object node, String path) {
    for (String part : path.split("\\.")) {
      if (!(node instanceof Map<?, ?> m)) {
        return null;
      }
      node = m.get(part);
    }
    return node;
  }
}
