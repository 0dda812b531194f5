package dev.pipeline.engine.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.api.ResourceRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ready queue's reservation, step by step without threads or clocks: which heads may start
 * when the resources are free. The queue never looks at the nodes, so entries carry none.
 */
class ReadyQueueTest {
  private static final ResourceRequest ONE = ResourceRequest.gpus(1);
  private static final ResourceRequest TWO = ResourceRequest.gpus(2);

  /** The first allowed head, as the run loop takes it when everything fits. */
  private static ReadyQueue.Entry firstAllowed(ReadyQueue q) {
    return q.candidates().stream().filter(q::allowed).findFirst().orElse(null);
  }

  /** The 2-GPU head does not fit (one GPU busy), so the best 1-GPU head starts instead. */
  private static void bypass(ReadyQueue q) {
    List<ReadyQueue.Entry> heads = q.candidates();
    ReadyQueue.Entry wide = heads.stream().filter(e -> e.request.gpus() == 2).findFirst().get();
    ReadyQueue.Entry narrow = heads.stream().filter(e -> e.request.gpus() == 1).findFirst().get();
    assertTrue(q.allowed(narrow), "a 1-GPU task may still bypass");
    q.started(narrow, List.of(wide));
  }

  @Test
  void wideTask_reservesAfterMaxBypass_thenStartsBeforeAnyNarrowTask() {
    ReadyQueue q = new ReadyQueue(2);
    q.add(null, TWO, 10);
    for (int i = 0; i < 5; i++) {
      q.add(null, ONE, 0);
    }
    bypass(q);
    bypass(q);
    ReadyQueue.Entry wide = firstAllowed(q);
    assertEquals(2, wide.request.gpus());
    assertFalse(q.candidates().stream().anyMatch(e -> e.request.gpus() == 1 && q.allowed(e)),
        "no 1-GPU task starts while the reservation holds");
    q.started(wide, List.of());
    assertTrue(q.candidates().stream().allMatch(q::allowed), "the reservation ends when it starts");
  }

  /**
   * A higher-priority wide task that becomes ready after the reservation heads the wide queue; it
   * must be allowed to start (before the fix nothing was: the run waited forever with free GPUs).
   */
  @Test
  void higherPriorityTaskOfTheReservedShape_mayStart_andTheReservedOneFollows() {
    ReadyQueue q = new ReadyQueue(1);
    q.add(null, TWO, 10);
    for (int i = 0; i < 3; i++) {
      q.add(null, ONE, 0);
    }
    bypass(q);
    ReadyQueue.Entry reserved = q.candidates().get(0);
    q.add(null, TWO, 20);

    ReadyQueue.Entry next = firstAllowed(q);
    assertTrue(next != null && next.priority == 20, "the newer, higher-priority wide task may start");
    q.started(next, List.of());
    assertSame(reserved, firstAllowed(q), "then the reserved one, still ahead of every 1-GPU task");
    assertFalse(q.candidates().stream().anyMatch(e -> e.request.gpus() == 1 && q.allowed(e)));
    q.started(reserved, List.of());
    assertEquals(1, firstAllowed(q).request.gpus());
  }
}
