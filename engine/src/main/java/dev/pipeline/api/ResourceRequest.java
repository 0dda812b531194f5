package dev.pipeline.api;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a task holds while it runs, besides a worker: a number of GPUs (concrete ids are assigned by
 * the allocator) and amounts of named counters ({@code --resources name=count}).
 */
public record ResourceRequest(int gpus, Map<String, Integer> counters) {
  public static final ResourceRequest NONE = new ResourceRequest(0, Map.of());

  public ResourceRequest {
    if (gpus < 0) {
      throw new IllegalArgumentException("gpus must be >= 0, got " + gpus);
    }
    counters = Map.copyOf(new TreeMap<>(counters));
    counters.forEach(
        (k, v) -> {
          if (v < 0) {
            throw new IllegalArgumentException("resource " + k + " must be >= 0, got " + v);
          }
        });
  }

  public static ResourceRequest gpus(int count) {
    return new ResourceRequest(count, Map.of());
  }

  public ResourceRequest with(String counter, int amount) {
    Map<String, Integer> m = new TreeMap<>(counters);
    m.put(counter, amount);
    return new ResourceRequest(gpus, m);
  }

  /** A compact key: tasks with equal shapes queue together (see the scheduler's ready queue). */
  public String shape() {
    return counters.isEmpty() ? "gpus=" + gpus : "gpus=" + gpus + "," + new TreeMap<>(counters);
  }
}
