package dev.pipeline.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field of a {@link Task} as a parameter. The field's Java type decides the parameter type
 * (string, int, long, double, boolean, enum, {@link java.nio.file.Path}, {@link java.time.Duration},
 * or a {@link java.util.List} of those); its initial value is the code default.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Param {
  /** One line for {@code pipeline index} and {@code --help}. */
  String description() default "";

  /** Insignificant parameters (log levels, thread counts) do not change the task's identity. */
  boolean significant() default true;

  /** A required parameter must be given (command line or cfg); a null value is an error. */
  boolean required() default false;

  /** Name used on the command line and in cfg files; defaults to the field name. */
  String name() default "";

  /**
   * Smallest value a user may give a numeric parameter (command line, environment, cfg); a value
   * out of [min, max] is a usage error before anything runs, instead of a crash deep in the task.
   */
  long min() default Long.MIN_VALUE;

  /** Largest value a user may give a numeric parameter; see {@link #min()}. */
  long max() default Long.MAX_VALUE;
}
