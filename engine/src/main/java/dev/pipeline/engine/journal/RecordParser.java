package dev.pipeline.engine.journal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.pipeline.engine.event.FamilyShape;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One journal line into a {@link JournalRecord}, with jackson-core's streaming parser: jackson's
 * object mapper would load some 400 classes more, which was most of what `pipeline status` on a
 * small run directory cost, and parses 20,000 lines more slowly. As with the mapper, fields it
 * does not know are skipped, and any line that is not one whole JSON object yields null.
 */
final class RecordParser {
  private static final JsonFactory JSON = new JsonFactory();

  private RecordParser() {}

  /** The record of {@code line}, or null when the line is not one complete JSON object. */
  static JournalRecord parse(String line) {
    try (JsonParser p = JSON.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      Map<String, Object> f = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        f.put(name, value(p));
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        return null;
      }
      return new JournalRecord(text(f, "type"), text(f, "run"), text(f, "time"), text(f, "task"),
          text(f, "family"), text(f, "state"), integer(f, "attempt"), texts(f, "gpus"),
          text(f, "log"), text(f, "message"), texts(f, "argv"), text(f, "version"),
          text(f, "host"), number(f, "pid") == null ? null : number(f, "pid").longValue(),
          text(f, "directory"), texts(f, "roots"), integer(f, "workers"), counts(f),
          integer(f, "exitCode"), decimal(f, "wallSeconds"), decimal(f, "cpuSeconds"),
          whole(f, "peakRssKb"), whole(f, "allocatedBytes"), families(f), text(f, "item"),
          text(f, "path"));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** A scalar as String or Number, an array as a List, an object as a Map; null for null. */
  private static Object value(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_ARRAY) {
      List<Object> list = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        list.add(value(p));
      }
      return list;
    }
    if (t == JsonToken.START_OBJECT) {
      Map<String, Object> map = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        map.put(name, value(p));
      }
      return map;
    }
    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
      return p.getNumberValue();
    }
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t == null || !t.isScalarValue()) {
      throw new IOException("cut off");
    }
    return p.getText();
  }

  private static String text(Map<String, Object> f, String name) {
    Object v = f.get(name);
    return v == null ? null : v.toString();
  }

  private static Number number(Map<String, Object> f, String name) {
    Object v = f.get(name);
    return v == null ? null : v instanceof Number n ? n : Double.valueOf(v.toString());
  }

  private static Double decimal(Map<String, Object> f, String name) {
    Number n = number(f, name);
    return n == null ? null : n.doubleValue();
  }

  private static Long whole(Map<String, Object> f, String name) {
    Number n = number(f, name);
    return n == null ? null : n.longValue();
  }

  /** {@code families} of a graph record: per family its size, complete count and requirements. */
  private static Map<String, FamilyShape> families(Map<String, Object> f) {
    Object v = f.get("families");
    if (v == null) {
      return null;
    }
    Map<String, FamilyShape> out = new LinkedHashMap<>();
    ((Map<?, ?>) v).forEach((k, shape) -> {
      Map<?, ?> m = (Map<?, ?>) shape;
      List<?> requires = (List<?>) m.get("requires");
      out.put(String.valueOf(k), new FamilyShape(((Number) m.get("tasks")).intValue(),
          ((Number) m.get("complete")).intValue(),
          requires == null ? List.of() : requires.stream().map(String::valueOf).toList()));
    });
    return out;
  }

  private static Integer integer(Map<String, Object> f, String name) {
    Number n = number(f, name);
    return n == null ? null : n.intValue();
  }

  private static List<String> texts(Map<String, Object> f, String name) {
    Object v = f.get(name);
    return v == null ? null : ((List<?>) v).stream().map(String::valueOf).toList();
  }

  private static Map<String, Integer> counts(Map<String, Object> f) {
    Object v = f.get("counts");
    if (v == null) {
      return null;
    }
    Map<String, Integer> out = new LinkedHashMap<>();
    ((Map<?, ?>) v).forEach((k, n) -> out.put(String.valueOf(k), ((Number) n).intValue()));
    return out;
  }
}
