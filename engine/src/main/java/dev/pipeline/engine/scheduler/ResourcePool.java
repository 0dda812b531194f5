package dev.pipeline.engine.scheduler;

import dev.pipeline.api.ResourceRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * GPU slots and named counters. The GPU pool is a list of ids in which an id may repeat to let that
 * many tasks share the device ({@code 0,0,1,1}: two slots per GPU). Slots are handed out
 * exclusively; a task asking for several gets distinct devices when the pool allows.
 */
final class ResourcePool {
  private final List<String> slots;
  private final boolean[] busy;
  private final Map<String, Integer> capacity;
  private final Map<String, Integer> used = new HashMap<>();

  private final boolean cpuFallback;

  ResourcePool(List<String> gpuSlots, Map<String, Integer> counters) {
    this(gpuSlots, counters, false);
  }

  /** With {@code cpuFallback} and no GPU at all, GPU requests are served with none (CPU). */
  ResourcePool(List<String> gpuSlots, Map<String, Integer> counters, boolean cpuFallback) {
    this.cpuFallback = cpuFallback && gpuSlots.isEmpty();
    this.slots = List.copyOf(gpuSlots);
    this.busy = new boolean[slots.size()];
    this.capacity = Map.copyOf(counters);
  }

  int gpuSlots() {
    return slots.size();
  }

  boolean hasGpuPool() {
    return !slots.isEmpty();
  }

  /** Why a request can never be met, or empty when it could be once enough is free. */
  Optional<String> impossible(ResourceRequest request) {
    if (request.gpus() > slots.size() && !cpuFallback) {
      return Optional.of("needs " + request.gpus() + " GPU(s) but the pool has " + slots.size()
          + (slots.isEmpty() ? " (pass --gpus, e.g. --gpus 0,1)" : " (--gpus " + String.join(",", slots) + ")"));
    }
    for (Map.Entry<String, Integer> e : request.counters().entrySet()) {
      Integer cap = capacity.get(e.getKey());
      if (cap != null && e.getValue() > cap) {
        return Optional.of("needs " + e.getValue() + " of resource '" + e.getKey()
            + "' but only " + cap + " exist (--resources " + e.getKey() + "=" + cap + ")");
      }
    }
    return Optional.empty();
  }

  /** Takes the resources if all are free now. Counters not declared in the pool are unlimited. */
  Optional<Allocation> tryAcquire(ResourceRequest request) {
    for (Map.Entry<String, Integer> e : request.counters().entrySet()) {
      Integer cap = capacity.get(e.getKey());
      if (cap != null && used.getOrDefault(e.getKey(), 0) + e.getValue() > cap) {
        return Optional.empty();
      }
    }
    List<Integer> picked = pickSlots(cpuFallback ? 0 : request.gpus());
    if (picked == null) {
      return Optional.empty();
    }
    picked.forEach(i -> busy[i] = true);
    request.counters().forEach((k, v) -> used.merge(k, v, Integer::sum));
    return Optional.of(new Allocation(picked, request));
  }

  void release(Allocation allocation) {
    allocation.slotIndices().forEach(i -> busy[i] = false);
    allocation.request().counters().forEach((k, v) -> used.merge(k, -v, Integer::sum));
  }

  /** Distinct device ids of an allocation, in pool order: the value of CUDA_VISIBLE_DEVICES. */
  List<String> deviceIds(Allocation allocation) {
    LinkedHashMap<String, Boolean> ids = new LinkedHashMap<>();
    allocation.slotIndices().stream().sorted().forEach(i -> ids.put(slots.get(i), true));
    return List.copyOf(ids.keySet());
  }

  /**
   * Chooses {@code n} free slots, spreading over distinct devices first (a 2-GPU task wants two
   * GPUs, not two shares of one) and preferring the least loaded device.
   */
  private List<Integer> pickSlots(int n) {
    if (n == 0) {
      return List.of();
    }
    Map<String, List<Integer>> freeByDevice = new LinkedHashMap<>();
    Map<String, Integer> busyByDevice = new HashMap<>();
    for (int i = 0; i < slots.size(); i++) {
      if (busy[i]) {
        busyByDevice.merge(slots.get(i), 1, Integer::sum);
      } else {
        freeByDevice.computeIfAbsent(slots.get(i), k -> new ArrayList<>()).add(i);
      }
    }
    int free = freeByDevice.values().stream().mapToInt(List::size).sum();
    if (free < n) {
      return null;
    }
    List<String> devices = new ArrayList<>(freeByDevice.keySet());
    devices.sort(Comparator.comparingInt(d -> busyByDevice.getOrDefault(d, 0)));
    List<Integer> out = new ArrayList<>();
    while (out.size() < n) {
      for (String d : devices) {
        List<Integer> free1 = freeByDevice.get(d);
        if (!free1.isEmpty() && out.size() < n) {
          out.add(free1.remove(0));
        }
      }
    }
    return out;
  }

  /** Slots and counters held by one running attempt. */
  record Allocation(List<Integer> slotIndices, ResourceRequest request) {
    static final Allocation NONE = new Allocation(List.of(), ResourceRequest.NONE);
  }
}
