package dev.pipeline.api.targets.memory;

import dev.pipeline.api.targets.Target;
import dev.pipeline.api.targets.TargetStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Targets that exist only in this process: for tests and for measuring the scheduler alone. */
public final class MemoryStore implements TargetStore {
  /** Present keys, each with the number of the write that created it (its fingerprint). */
  private final Map<String, Long> present = new ConcurrentHashMap<>();
  private final AtomicLong writes = new AtomicLong();

  public MemoryTarget target(String key) {
    return new MemoryTarget(this, key);
  }

  boolean contains(String key) {
    return present.containsKey(key);
  }

  void add(String key) {
    present.put(key, writes.incrementAndGet());
  }

  void delete(String key) {
    present.remove(key);
  }

  /** The write that created the key, or -1 when it is absent. */
  long generation(String key) {
    return present.getOrDefault(key, -1L);
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
