package dev.pipeline.api;


import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Normalises the one / list / map shapes that requires() and output() may return. */
final class Shapes {
  private Shapes() {}

  static <T> List<T> flatten(Object shape, Class<T> kind, String method, Task owner) {
    if (shape == null) {
      return List.of();
    }
    List<T> out = new ArrayList<>();
    add(shape, kind, out, method, owner);
    return List.copyOf(out);
  }

  private static <T> void add(Object shape, Class<T> kind, List<T> out, String method, Task owner) {
    if (kind.isInstance(shape)) {
      out.add(kind.cast(shape));
    } else if (shape instanceof Collection<?> c) {
      for (Object o : c) {
        add(o, kind, out, method, owner);
      }
    } else if (shape instanceof Map<?, ?> m) {
      for (Object o : m.values()) {
        add(o, kind, out, method, owner);
      }
    } else if (shape != null) {
      throw new IllegalStateException(
          owner.getClass().getName() + "." + method + " returned a " + shape.getClass().getName()
              + "; return a " + kind.getSimpleName() + ", a collection or a map of them");
    }
  }

  static Object map(Object shape, Function<Object, Object> f) {
    if (shape == null) {
      return null;
    }
    if (shape instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(k, map(v, f)));
      return out;
    }
    if (shape instanceof Collection<?> c) {
      List<Object> out = new ArrayList<>();
      c.forEach(v -> out.add(map(v, f)));
      return out;
    }
    return f.apply(shape);
  }
}
