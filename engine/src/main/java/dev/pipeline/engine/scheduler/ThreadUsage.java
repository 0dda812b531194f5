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
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final boolean CPU = THREADS.isCurrentThreadCpuTimeSupported()
      && THREADS.isThreadCpuTimeEnabled();
  private static final com.sun.management.ThreadMXBean ALLOCATION = allocationBean();

  private final long cpuAtStart;
  private final long allocatedAtStart;

  private ThreadUsage() {
    cpuAtStart = CPU ? THREADS.getCurrentThreadCpuTime() : -1;
    allocatedAtStart = allocated();
  }

  static ThreadUsage start() {
    return new ThreadUsage();
  }

  ResourceUsage stop() {
    Double cpu = null;
    if (cpuAtStart >= 0) {
      long now = THREADS.getCurrentThreadCpuTime();
      cpu = now >= 0 ? Math.round((now - cpuAtStart) / 1e6) / 1e3 : null;
    }
    long allocatedNow = allocated();
    Long bytes = allocatedAtStart >= 0 && allocatedNow >= 0 ? allocatedNow - allocatedAtStart : null;
    return new ResourceUsage(cpu, null, bytes);
  }

  private static long allocated() {
    return ALLOCATION == null ? -1
        : ALLOCATION.getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  private static com.sun.management.ThreadMXBean allocationBean() {
    if (THREADS instanceof com.sun.management.ThreadMXBean sun
        && sun.isThreadAllocatedMemorySupported() && sun.isThreadAllocatedMemoryEnabled()) {
      return sun;
    }
    return null;
  }
}
