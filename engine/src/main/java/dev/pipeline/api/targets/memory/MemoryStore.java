package dev.pipeline.api.targets.memory;

import dev.pipeline.api.targets.Target;
import dev.pipeline.api.targets.TargetStore;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Targets that exist only in this process: for tests and for measuring the scheduler alone. */
public final class MemoryStore implements TargetStore {
  private final Set<String> present = ConcurrentHashMap.newKeySet();

  public MemoryTarget target(String key) {
    return new MemoryTarget(this, key);
  }

  boolean contains(String key) {
    return present.contains(key);
  }

  void add(String key) {
    present.add(key);
  }

  void delete(String key) {
    present.remove(key);
  }

  public int size() {
    return present.size();
  }

  @Override
  public boolean[] exists(List<? extends Target> targets) {
    boolean[] out = new boolean[targets.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = targets.get(i).exists();
    }
    return out;
  }
}
