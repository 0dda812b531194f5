package dev.pipeline.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pipeline.api.targets.local.LocalFileTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON of {@code param.json} and {@code stat.json}: written as Python's {@code json.dump(d,
 * indent=2, sort_keys=True)} writes it (so files look like the runner's), read with Jackson, and
 * replaced atomically (a hidden sibling renamed into place) so readers never see half a file.
 */
final class JsonText {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonText() {}

  static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out, 0);
    return out.append('\n').toString();
  }

  /** One line, keys sorted: a canonical form for hashing. */
  static String compact(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out, -1);
    return out.toString();
  }

  private static void write(Object v, StringBuilder out, int indent) {
    if (v == null) {
      out.append("null");
    } else if (v instanceof Boolean b) {
      out.append(b ? "true" : "false");
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      out.append(Double.isNaN(d) ? "NaN" : Double.isInfinite(d) ? (d > 0 ? "Infinity" : "-Infinity")
          : PyFormat.floatRepr(d));
    } else if (v instanceof Number) {
      out.append(v);
    } else if (v instanceof Map<?, ?> map) {
      TreeMap<String, Object> sorted = new TreeMap<>();
      map.forEach((k, x) -> sorted.put(PyFormat.str(k), x));
      if (sorted.isEmpty()) {
        out.append("{}");
        return;
      }
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> e : sorted.entrySet()) {
        out.append(first ? "" : ",");
        first = false;
        newline(out, indent + 1);
        string(e.getKey(), out);
        out.append(": ");
        write(e.getValue(), out, indent < 0 ? -1 : indent + 1);
      }
      newline(out, indent);
      out.append('}');
    } else if (v instanceof List<?> list) {
      if (list.isEmpty()) {
        out.append("[]");
        return;
      }
      out.append('[');
      boolean first = true;
      for (Object x : list) {
        out.append(first ? "" : ",");
        first = false;
        newline(out, indent + 1);
        write(x, out, indent < 0 ? -1 : indent + 1);
      }
      newline(out, indent);
      out.append(']');
    } else {
      string(PyFormat.str(v), out);
    }
  }

  private static void newline(StringBuilder out, int indent) {
    if (indent < 0) {
      out.append(out.charAt(out.length() - 1) == ',' ? " " : "");
      return;
    }
    out.append('\n').append("  ".repeat(indent));
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** A JSON object from {@code file}; empty when the file is missing, unreadable or not an object. */
  @SuppressWarnings("unchecked")
  static LinkedHashMap<String, Object> readObject(Path file) {
    try {
      Object o = MAPPER.readValue(Files.readString(file), Object.class);
      return o instanceof Map<?, ?> ? new LinkedHashMap<>((Map<String, Object>) o) : new LinkedHashMap<>();
    } catch (NoSuchFileException e) {
      return new LinkedHashMap<>();
    } catch (IOException e) {
      return new LinkedHashMap<>();
    }
  }

  /** Replaces {@code file} atomically with {@code value} as JSON. */
  static void replace(Path file, Object value) throws IOException {
    LocalFileTarget.of(file).writeString(write(value));
  }

  /** Nested objects flattened to dotted keys, lists kept as values (for result tables). */
  static LinkedHashMap<String, Object> flatten(Map<String, Object> map) {
    LinkedHashMap<String, Object> out = new LinkedHashMap<>();
    flatten("", map, out);
    return out;
  }

  @SuppressWarnings("unchecked")
  private static void flatten(String prefix, Map<String, Object> map, Map<String, Object> out) {
    for (Map.Entry<String, Object> e : map.entrySet()) {
      String key = prefix + e.getKey();
      if (e.getValue() instanceof Map<?, ?> m) {
        flatten(key + ".", (Map<String, Object>) m, out);
      } else {
        out.put(key, e.getValue());
      }
    }
  }
}
