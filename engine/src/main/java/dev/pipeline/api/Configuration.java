package dev.pipeline.api;

/**
 * The configuration a task was created with: one run's cfg, environment and command-line values.
 * The engine provides it and every requirement inherits it, so two runs in one process never read
 * each other's settings. Opaque to task authors, who only pass it on ({@link Task#create(
 * Configuration, Class, Object...)}).
 */
public interface Configuration {}
