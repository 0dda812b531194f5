package dev.pipeline.tasks.bench;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.ResourceRequest;
import dev.pipeline.api.TaskContext;
import java.io.IOException;
import java.util.List;

/** A GPU task of {@link GpuMix}: holds {@code gpus} GPUs for {@code millis}, after a CPU step if {@code prep > 0}. */
@Family(value = "bench.GpuTrial", description = "a GPU task of GpuMix (sleeps)")
public class GpuTrial extends BenchTask {
  @Param(description = "task index", min = 0)
  int i;

  @Param(description = "GPUs held", min = 1)
  int gpus = 1;

  @Param(description = "how long it holds them, in milliseconds", min = 0)
  int millis;

  @Param(description = "milliseconds of the CPU step before it (0: none)", min = 0)
  int prep;

  @Param(description = "seed of the mix (keeps mixes apart)")
  long seed;

  @Param(name = "longest_first", significant = false, description = "longest first (priority = GPU-milliseconds); false: in order of readiness")
  boolean longestFirst = true;

  @Override
  public Object requires() {
    return prep == 0 ? List.of() : List.of(child(SleepStep.class, "i", i, "millis", prep));
  }

  @Override
  public ResourceRequest resources() {
    return ResourceRequest.gpus(gpus);
  }

  /**
   * Longest first, by GPU-milliseconds: what a user who knows roughly how long trials take
   * declares, so that long and wide tasks do not start last and stretch the end of the run.
   */
  @Override
  public int priority() {
    return longestFirst ? gpus * millis : 0;
  }

  @Override
  public Object output() {
    return target("gpu-" + seed + "-" + i + ".txt", false);
  }

  @Override
  public void run(TaskContext context) throws IOException {
    SleepStep.sleep(millis);
    produce(context.gpus() + "\n");
  }
}
