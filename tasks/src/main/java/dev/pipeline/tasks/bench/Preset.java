package dev.pipeline.tasks.bench;

/**
 * Which in-memory outputs exist before the run (files have no such switch: the benchmark prepares
 * them with a real cold run). Lets one process measure the resume path without files.
 */
public enum Preset {
  NONE,
  ALL,
  ALL_BUT_SINK
}
