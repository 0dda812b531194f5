package dev.pipeline.tasks.bench;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.TaskContext;
import java.io.IOException;
import java.io.InterruptedIOException;

/** A CPU-only task of {@link GpuMix}: sleeps {@code millis} (a preparation step or an independent job). */
@Family(value = "bench.SleepStep", description = "a CPU-only task of GpuMix (sleeps)")
public class SleepStep extends BenchTask {
  @Param(description = "task index", min = 0)
  int i;

  @Param(description = "milliseconds", min = 0)
  int millis;

  @Param(description = "seed of the mix (keeps mixes apart)")
  long seed;

  @Override
  public Object output() {
    return target("cpu-" + seed + "-" + i + ".txt", false);
  }

  @Override
  public void run(TaskContext context) throws IOException {
    sleep(millis);
    produce(millis + "\n");
  }

  static void sleep(int millis) throws InterruptedIOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
  }
}
