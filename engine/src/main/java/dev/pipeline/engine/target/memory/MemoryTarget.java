package dev.pipeline.engine.target.memory;

import dev.pipeline.engine.target.Target;
import dev.pipeline.engine.target.TargetStore;

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
}
