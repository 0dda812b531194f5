package dev.pipeline.api;

import dev.pipeline.api.targets.s3.S3Store;

/**
 * The configuration a task was created with: one run's cfg, environment and command-line values,
 * and where that run's {@code s3://} targets live. The engine provides it and every requirement
 * inherits it, so two runs in one process never read each other's settings nor write to each
 * other's S3 endpoint. Opaque to task authors, who only pass it on ({@link Task#create(
 * Configuration, Class, Object...)}, {@link Targets#file(Task, String)}).
 */
public interface Configuration {
  /**
   * The run's S3 store: its {@code [s3]} section over its environment, one client per run. A task
   * reaches it through {@link Targets}, which is how a target made inside {@code output()} (which
   * has no run in its signature) still talks to the endpoint of the run the task belongs to.
   */
  S3Store s3Store();
}
