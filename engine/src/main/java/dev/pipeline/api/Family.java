package dev.pipeline.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Names a task family and documents it; without it the family is the class's simple name. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Family {
  String value();

  String description() default "";

  /**
   * The family's run() only reports a missing cfg command: a run of it without {@code command}
   * in its cfg section is a configuration error before anything runs, even when the task has no
   * outputs to tell it is not done.
   */
  boolean commandRequired() default false;

  /**
   * The version of the family's code, bumped by its author when run() changes what it produces
   * (law-style): outputs recorded with another version are stale and rerun (see {@code
   * --rerun-triggers}). A cfg {@code [Family] version} overrides it.
   */
  int version() default 1;
}
