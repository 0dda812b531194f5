package dev.pipeline.engine.scheduler;

import dev.pipeline.engine.executor.ResourceUsage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time and heap allocation of the current thread between {@link #start()} and {@link #stop()}:
 * what a Java task's {@code run()} used on its worker. Either figure is null where the JVM cannot
 * measure it (thread CPU time disabled, no {@code com.sun.management} extension).
 */
final class ThreadUsage {
  /** The beans, initialised on first use (see {@link #prepareInBackground()}). */
  private static final class Beans {
    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    static final boolean CPU = THREADS.isCurrentThreadCpuTimeSupported()
        && THREADS.isThreadCpuTimeEnabled();
    static final com.sun.management.ThreadMXBean ALLOCATION = allocationBean();
  }

  private static final java.util.concurrent.atomic.AtomicBoolean PREPARED =
      new java.util.concurrent.atomic.AtomicBoolean();

  private final long cpuAtStart;
  private final long allocatedAtStart;

  private ThreadUsage() {
    cpuAtStart = Beans.CPU ? Beans.THREADS.getCurrentThreadCpuTime() : -1;
    allocatedAtStart = allocated();
  }

  /**
   * Loads the JVM's management beans on a daemon thread of its own (tens of milliseconds of class
   * loading the first time), so that the first Java task does not wait for it while the run is
   * still building its graph.
   */
  static void prepareInBackground() {
    if (PREPARED.compareAndSet(false, true)) {
      Thread t = new Thread(() -> Beans.THREADS.getClass(), "pipeline-thread-usage-init");
      t.setDaemon(true);
      t.start();
    }
  }

  static ThreadUsage start() {
    return new ThreadUsage();
  }

  ResourceUsage stop() {
    Double cpu = null;
    if (cpuAtStart >= 0) {
      long now = Beans.THREADS.getCurrentThreadCpuTime();
      cpu = now >= 0 ? Math.round((now - cpuAtStart) / 1e6) / 1e3 : null;
    }
    long allocatedNow = allocated();
    Long bytes = allocatedAtStart >= 0 && allocatedNow >= 0 ? allocatedNow - allocatedAtStart : null;
    return new ResourceUsage(cpu, null, bytes);
  }

  private static long allocated() {
    return Beans.ALLOCATION == null ? -1
        : Beans.ALLOCATION.getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  private static com.sun.management.ThreadMXBean allocationBean() {
    if (Beans.THREADS instanceof com.sun.management.ThreadMXBean sun
        && sun.isThreadAllocatedMemorySupported() && sun.isThreadAllocatedMemoryEnabled()) {
      return sun;
    }
    return null;
  }
}
