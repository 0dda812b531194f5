package dev.pipeline.tasks.bench;

/** Where benchmark tasks keep their outputs. */
public enum Storage {
  /** Files under --out, written atomically. */
  FILE,
  /** Flags in this process's memory: measures the scheduler alone. */
  MEMORY
}
