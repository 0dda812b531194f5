package dev.pipeline.engine.event;

/**
 * Receives a run's events one at a time, in order, on whichever thread made the change (the
 * caller of {@code Scheduler.run}, a worker, the remote dispatcher) while it holds the run's lock.
 * Implementations must return quickly (hand slow work, such as disk writes, to their own thread).
 */
@FunctionalInterface
public interface RunListener {
  void onEvent(RunEvent event);

  /** Called once after the last event; flush and release resources here. */
  default void close() {}
}
