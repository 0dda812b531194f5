package dev.pipeline.engine.scheduler;

import dev.pipeline.engine.graph.TaskNode;
import dev.pipeline.api.ResourceRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Tasks whose requirements are done, waiting for a worker and resources. Tasks are queued per
 * resource shape (e.g. "1 GPU", "2 GPUs"), so choosing what to start looks at one head per shape
 * instead of rescanning every waiting task: cost per start is O(shapes + log n).
 *
 * <p>Policy (documented in the README): heads are tried in order of priority, then age. A head
 * that does not fit is bypassed by smaller tasks that do (no GPU idles while a 1-GPU task could
 * use it); after {@code maxBypass} bypasses it holds a reservation, and tasks competing for the
 * same kind of resource wait until it has started, so a 2-GPU task cannot starve.
 */
final class ReadyQueue {
  private static final Comparator<Entry> ORDER =
      Comparator.comparingInt((Entry e) -> -e.priority).thenComparingLong(e -> e.sequence);

  private final Map<String, PriorityQueue<Entry>> byShape = new HashMap<>();
  private final int maxBypass;
  private long sequence;
  private int size;
  private Entry reserved;

  ReadyQueue(int maxBypass) {
    this.maxBypass = maxBypass;
  }

  /** @param priority the task's rank ({@code [Family] priority} or its {@code priority()}) */
  void add(TaskNode node, ResourceRequest request, int priority) {
    Entry e = new Entry(node, request, priority, sequence++);
    byShape.computeIfAbsent(request.shape(), k -> new PriorityQueue<>(ORDER)).add(e);
    size++;
  }

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }

  /** Heads of every shape, best first. */
  List<Entry> candidates() {
    List<Entry> heads = new ArrayList<>();
    for (PriorityQueue<Entry> q : byShape.values()) {
      if (!q.isEmpty()) {
        heads.add(q.peek());
      }
    }
    heads.sort(ORDER);
    return heads;
  }

  /**
   * Whether {@code e} may start now given the reservation, if any. A task of the reserved task's
   * own shape may: it needs what the reservation waits for, and a higher-priority one that became
   * ready after the reservation heads that shape's queue, so blocking it would hide the reserved
   * task behind it for good (a deadlock). The reservation stays until the reserved task starts.
   */
  boolean allowed(Entry e) {
    return reserved == null || reserved == e || e.request.shape().equals(reserved.request.shape())
        || !competes(reserved.request, e.request);
  }

  /** Removes a started head and charges a bypass to older heads that could not start. */
  void started(Entry e, List<Entry> skippedBefore) {
    PriorityQueue<Entry> q = byShape.get(e.request.shape());
    q.poll();
    size--;
    if (reserved == e) {
      reserved = null;
    }
    for (Entry skipped : skippedBefore) {
      if (++skipped.bypassed >= maxBypass && reserved == null) {
        reserved = skipped;
      }
    }
  }

  /** Removes every entry (fail-fast / interruption) and returns their nodes. */
  List<TaskNode> drain() {
    List<TaskNode> out = new ArrayList<>();
    byShape.values().forEach(q -> q.forEach(e -> out.add(e.node)));
    byShape.clear();
    size = 0;
    reserved = null;
    return out;
  }

  private static boolean competes(ResourceRequest holder, ResourceRequest other) {
    if (holder.gpus() > 0 && other.gpus() > 0) {
      return true;
    }
    for (String k : holder.counters().keySet()) {
      if (other.counters().getOrDefault(k, 0) > 0) {
        return true;
      }
    }
    return false;
  }

  /** A queued task. */
  static final class Entry {
    final TaskNode node;
    final ResourceRequest request;
    final int priority;
    final long sequence;
    int bypassed;

    Entry(TaskNode node, ResourceRequest request, int priority, long sequence) {
      this.node = node;
      this.request = request;
      this.priority = priority;
      this.sequence = sequence;
    }
  }
}
