package dev.pipeline.engine.config;

import java.util.Objects;

/**
 * One parameter of a task family as the config layer needs to know it.
 *
 * @param type see {@link ValueParsers}: {@code string, int, long, double, boolean, enum:A|B|C,
 *     path, duration, list}
 * @param defaultValue the default in cfg syntax, or null when there is none
 * @throws IllegalArgumentException for an unknown type or a default that does not parse: both are
 *     bugs in the task definition, not user errors
 */
public record ParameterSchema(
    String name, String type, boolean required, String defaultValue, String description) {
  public ParameterSchema {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    ValueParsers.checkType(type);
    if (defaultValue != null) {
      try {
        ValueParsers.parse(type, defaultValue);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "default '" + defaultValue + "' of parameter " + name + " is not a " + type + ": "
                + e.getMessage(), e);
      }
    }
  }

  /** A shorthand for an optional parameter. */
  public static ParameterSchema optional(String name, String type, String defaultValue) {
    return new ParameterSchema(name, type, false, defaultValue, "");
  }

  /** A shorthand for a required parameter without a default. */
  public static ParameterSchema required(String name, String type) {
    return new ParameterSchema(name, type, true, null, "");
  }
}
