package dev.pipeline.engine.executor;

/**
 * What one attempt used. Each figure is null when it is not known: {@code cpuSeconds} is user plus
 * system CPU time (of a command's whole process tree, or of the worker thread that ran a Java
 * task's {@code run()}); {@code peakRssKb} is the peak resident set of the largest process of a
 * command's tree (a Java task shares the engine's heap and has none of its own);
 * {@code allocatedBytes} is what a Java task's thread allocated on the heap.
 */
public record ResourceUsage(Double cpuSeconds, Long peakRssKb, Long allocatedBytes) {
  public static final ResourceUsage NONE = new ResourceUsage(null, null, null);

  /** Two parts of one attempt: CPU times and allocations add up, the peak is the larger one. */
  public ResourceUsage plus(ResourceUsage other) {
    if (other == null) {
      return this;
    }
    return new ResourceUsage(sum(cpuSeconds, other.cpuSeconds),
        max(peakRssKb, other.peakRssKb),
        sum(allocatedBytes, other.allocatedBytes));
  }

  public boolean isEmpty() {
    return cpuSeconds == null && peakRssKb == null && allocatedBytes == null;
  }

  private static Double sum(Double a, Double b) {
    return a == null ? b : b == null ? a : Double.valueOf(a + b);
  }

  private static Long max(Long a, Long b) {
    return a == null ? b : b == null ? a : Long.valueOf(Math.max(a, b));
  }

  private static Long sum(Long a, Long b) {
    return a == null ? b : b == null ? a : Long.valueOf(a + b);
  }
}
