package dev.pipeline.api;

import dev.pipeline.api.error.UsageException;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a task holds while it runs, besides a worker: a number of GPUs (concrete ids are assigned by
 * the allocator) and amounts of named counters ({@code --resources name=count}).
 */
public record ResourceRequest(int gpus, Map<String, Integer> counters) {
  public static final ResourceRequest NONE = new ResourceRequest(0, Map.of());

  public ResourceRequest {
    // A usage error, not a crash: the scheduler asks every task before anything runs and names it.
    if (gpus < 0) {
      throw new UsageException("asks for " + gpus + " GPUs; a task asks for 0 or more");
    }
    counters = Map.copyOf(new TreeMap<>(counters));
    counters.forEach(
        (k, v) -> {
          if (v < 0) {
            throw new UsageException("asks for " + v + " of resource " + k
                + "; a task asks for 0 or more");
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
