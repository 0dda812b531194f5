package dev.pipeline.engine.scheduler;

import dev.pipeline.engine.config.ValueParsers;
import java.time.Duration;

/**
 * The {@code timeout} of an in-process attempt: a watchdog interrupts the worker thread once the
 * limit has passed. Java cannot stop a thread that ignores interruption, so such a task keeps its
 * worker until run() returns; the attempt then fails as timed out all the same. Closing the
 * deadline before it expires cancels it; after an expiry, closing clears the interrupt it set, so
 * the worker goes on with its next task.
 */
final class AttemptDeadline implements AutoCloseable {
  private static final AttemptDeadline NONE = new AttemptDeadline(null, null);

  private final Thread worker;
  private final Duration limit;
  private boolean closed;
  private boolean expired;

  private AttemptDeadline(Thread worker, Duration limit) {
    this.worker = worker;
    this.limit = limit;
  }

  /** Watches the calling thread for {@code limit}; null means no limit. */
  static AttemptDeadline start(Duration limit) {
    if (limit == null) {
      return NONE;
    }
    AttemptDeadline d = new AttemptDeadline(Thread.currentThread(), limit);
    Thread watchdog = new Thread(d::watch, Thread.currentThread().getName() + "-timeout");
    watchdog.setDaemon(true);
    watchdog.start();
    return d;
  }

  private synchronized void watch() {
    long end = System.nanoTime() + limit.toNanos();
    try {
      for (long left = limit.toNanos(); !closed; left = end - System.nanoTime()) {
        if (left <= 0) {
          expired = true;
          worker.interrupt();
          return;
        }
        wait(Math.max(1, left / 1_000_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // nobody interrupts a watchdog; end quietly if one does
    }
  }

  /** Whether the limit passed while the attempt ran. */
  synchronized boolean expired() {
    return expired;
  }

  /** Why the attempt failed, for the log and the summary. */
  String reason() {
    return "timed out after " + ValueParsers.formatDuration(limit)
        + " (the family's timeout); run() was interrupted";
  }

  @Override
  public void close() {
    if (this == NONE) {
      return;
    }
    boolean clear;
    synchronized (this) {
      closed = true;
      notifyAll();
      clear = expired;
    }
    if (clear) {
      Thread.interrupted(); // the watchdog's interrupt, not a request to stop the worker
    }
  }
}
