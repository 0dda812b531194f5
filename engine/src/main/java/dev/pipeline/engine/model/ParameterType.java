package dev.pipeline.engine.model;

import dev.pipeline.engine.config.ValueParsers;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/** How one parameter's values are parsed from text and rendered back (ids, cfg, command lines). */
public final class ParameterType {
  private final String name;
  private final Function<String, Object> parser;
  private final Function<Object, String> formatter;

  private ParameterType(
      String name, Function<String, Object> parser, Function<Object, String> formatter) {
    this.name = name;
    this.parser = parser;
    this.formatter = formatter;
  }

  /** e.g. {@code int}, {@code enum:FAST|SLOW}, {@code list<double>}. */
  public String name() {
    return name;
  }

  /** Parses text; throws IllegalArgumentException whose message says what was expected. */
  public Object parse(String text) {
    try {
      return parser.apply(text.trim());
    } catch (IllegalArgumentException e) {
      String reason = e.getMessage() == null ? "" : "; " + e.getMessage();
      throw new IllegalArgumentException("expected " + name + ", got '" + text + "'" + reason, e);
    }
  }

  public String format(Object value) {
    return value == null ? "null" : formatter.apply(value);
  }

  static ParameterType of(Field field) {
    Class<?> raw = field.getType();
    if (List.class.equals(raw)) {
      Type generic = field.getGenericType();
      Class<?> element = String.class;
      if (generic instanceof ParameterizedType pt
          && pt.getActualTypeArguments()[0] instanceof Class<?> c) {
        element = c;
      }
      return listOf(scalar(element, field));
    }
    return scalar(raw, field);
  }

  private static ParameterType scalar(Class<?> type, Field field) {
    if (type == String.class) {
      return new ParameterType("string", s -> s, Object::toString);
    }
    if (type == int.class || type == Integer.class) {
      return new ParameterType("int", ValueParsers::parseInt, Object::toString);
    }
    if (type == long.class || type == Long.class) {
      return new ParameterType("long", ValueParsers::parseLong, Object::toString);
    }
    if (type == double.class || type == Double.class) {
      return new ParameterType("double", ValueParsers::parseDouble, Object::toString);
    }
    if (type == boolean.class || type == Boolean.class) {
      return new ParameterType("boolean", ValueParsers::parseBoolean, Object::toString);
    }
    if (type == Path.class) {
      // Absolute and normalised: a relative path means the directory the run was started in, and
      // an id must name the same file wherever it is read (status from another directory, a node).
      return new ParameterType("path", s -> canonicalPath(ValueParsers.parsePath(s)),
          new CanonicalPathText());
    }
    if (type == Duration.class) {
      return new ParameterType("duration", ValueParsers::parseDuration,
          v -> ValueParsers.formatDuration((Duration) v));
    }
    if (type.isEnum()) {
      return enumType(type);
    }
    throw new IllegalStateException(
        "parameter " + field.getDeclaringClass().getSimpleName() + "." + field.getName()
            + " has unsupported type " + type.getName()
            + "; use String, int, long, double, boolean, an enum, Path, Duration or List");
  }

  /**
   * A path's text in ids. Requirements usually share their parent's Path instance (a fan-out of
   * 10,000 leaves has one {@code out}), so the last instance's text is kept: normalising it again
   * for every id was a measurable part of a resume. Paths are immutable, so identity suffices.
   */
  private static final class CanonicalPathText implements Function<Object, String> {
    private volatile Object[] last = {null, null};

    @Override
    public String apply(Object v) {
      Object[] seen = last;
      if (seen[0] == v) {
        return (String) seen[1];
      }
      String text = canonicalPath((Path) v).toString();
      last = new Object[] {v, text};
      return text;
    }
  }

  private static Path canonicalPath(Path p) {
    return isUri(p) ? p : p.toAbsolutePath().normalize();
  }

  /** {@code s3://bucket/key} held in a Path ({@code s3:/bucket/key}) is a location, not a file. */
  private static boolean isUri(Path p) {
    return !p.isAbsolute() && p.getNameCount() > 1
        && p.getName(0).toString().matches("[A-Za-z][A-Za-z0-9+.-]*:");
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static ParameterType enumType(Class<?> type) {
    Object[] constants = type.getEnumConstants();
    String choices =
        Arrays.stream(constants).map(c -> ((Enum<?>) c).name()).collect(Collectors.joining("|"));
    return new ParameterType(
        "enum:" + choices,
        s -> {
          for (Object c : constants) {
            if (((Enum<?>) c).name().equalsIgnoreCase(s)) {
              return c;
            }
          }
          throw new IllegalArgumentException("write one of " + choices.replace("|", ", "));
        },
        v -> ((Enum) v).name());
  }

  private static ParameterType listOf(ParameterType element) {
    return new ParameterType(
        "list<" + element.name + ">",
        s -> {
          List<Object> out = new ArrayList<>();
          for (String part : ValueParsers.parseList(s)) {
            out.add(element.parser.apply(part));
          }
          return List.copyOf(out);
        },
        v -> ((List<?>) v).stream().map(element::format).collect(Collectors.joining(",")));
  }
}
