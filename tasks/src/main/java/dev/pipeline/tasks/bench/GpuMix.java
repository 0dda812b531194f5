package dev.pipeline.tasks.bench;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.TaskContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Benchmark of GPU scheduling quality: a seeded random mix of tasks that only sleep, shaped like
 * Tune trials and Infer branches. {@code trials} GPU tasks (30% ask for 2 GPUs, the rest for 1;
 * 2 to 15 units long), half of them after a CPU preparation step of 1 or 2 units, plus
 * {@code trials / 2} independent CPU-only tasks of 1 to 5 units. bench/fig-gpu.sh runs it on a pool
 * of GPU ids and compares the makespan in the journal with max(critical path, GPU-seconds / GPUs).
 */
@Family(value = "bench.GpuMix", description = "a random mix of 1- and 2-GPU and CPU-only sleeping tasks")
public class GpuMix extends BenchTask {
  @Param(description = "seed of the random mix")
  long seed = 1;

  @Param(description = "number of GPU tasks", min = 1, max = 100_000)
  int trials = 40;

  @Param(description = "milliseconds per duration unit", min = 1)
  int unit = 100;

  @Param(name = "longest_first", significant = false, description = "trials declare priority = GPU-milliseconds (longest first); false: none")
  boolean longestFirst = true;

  @Override
  public Object requires() {
    Random random = new Random(seed);
    List<BenchTask> tasks = new ArrayList<>();
    for (int i = 0; i < trials; i++) {
      int gpus = random.nextDouble() < 0.3 ? 2 : 1;
      int millis = unit * (2 + random.nextInt(14));
      int prep = random.nextBoolean() ? unit * (1 + random.nextInt(2)) : 0;
      tasks.add(child(GpuTrial.class, "i", i, "gpus", gpus, "millis", millis, "prep", prep,
          "seed", seed, "longest_first", longestFirst));
    }
    for (int i = 0; i < trials / 2; i++) {
      tasks.add(child(SleepStep.class, "i", trials + i, "millis", unit * (1 + random.nextInt(5)),
          "seed", seed));
    }
    return tasks;
  }

  @Override
  public Object output() {
    return target("gpumix-" + seed + ".txt", true);
  }

  @Override
  public void run(TaskContext context) throws IOException {
    produce(trials + "\n");
  }
}
