package dev.pipeline.api.targets.memory;

import dev.pipeline.api.targets.Target;
import dev.pipeline.api.targets.TargetStore;

/** A flag in a {@link MemoryStore}; {@link #create()} is atomic by construction. */
public record MemoryTarget(MemoryStore memory, String key) implements Target {

  public void create() {
    memory.add(key);
  }

  @Override
  public boolean exists() {
    return memory.contains(key);
  }

  @Override
  public String uri() {
    return "mem:" + key;
  }

  @Override
  public void remove() {
    memory.delete(key);
  }

  @Override
  public TargetStore store() {
    return memory;
  }

  /** The number of the write that created it: a removed and re-created flag differs. */
  @Override
  public String fingerprint() {
    long generation = memory.generation(key);
    return generation < 0 ? null : "gen:" + generation;
  }
}
