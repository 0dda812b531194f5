package dev.pipeline.engine.event;

/**
 * Receives the scheduler's events on the scheduler thread, in order. Implementations must return
 * quickly (hand slow work, such as disk writes, to their own thread).
 */
@FunctionalInterface
public interface RunListener {
  void onEvent(RunEvent event);

  /** Called once after the last event; flush and release resources here. */
  default void close() {}
}
