package dev.pipeline.engine.config;

import java.util.Collection;
import java.util.Set;
import java.util.function.Function;

/**
 * How sections and options are spelled when only an environment variable names them: shells make
 * {@code PIPELINE__INFER__TB} the norm, while the family is {@code Infer} and its parameter
 * {@code Tb}.
 *
 * @param sections the task families
 * @param options a section's option names (asked only for sections a variable mentions)
 */
public record KnownNames(Set<String> sections, Function<String, Collection<String>> options) {
  public static final KnownNames NONE = of(Set.of());

  /** Families known by name only: options fall back to lower case. */
  public static KnownNames of(Set<String> sections) {
    return new KnownNames(sections, section -> Set.of());
  }
}
