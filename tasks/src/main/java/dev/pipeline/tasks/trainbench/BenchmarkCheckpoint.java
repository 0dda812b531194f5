package dev.pipeline.tasks.trainbench;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.TaskFailedException;
import dev.pipeline.api.targets.local.LocalFileTarget;
import java.nio.file.Path;

/**
 * One benchmark of one checkpoint: a command task (the cfg's {@code command}) that writes a JSON
 * object with at least {@code accuracy} to its output. It needs nothing but the checkpoint file,
 * so it starts as soon as the checkpoint is published, while training goes on.
 */
@Family(value = "trainbench.BenchmarkCheckpoint", commandRequired = true,
    description = "one benchmark of one published checkpoint (a cfg command)")
public class BenchmarkCheckpoint extends Task {
  @Param(required = true, description = "the checkpoint file")
  Path checkpoint;

  @Param(required = true, description = "the benchmark's name")
  String benchmark;

  @Param(required = true, description = "the results directory")
  Path results;

  /** {@code results/benchmarks/CHECKPOINT/BENCHMARK.json}. */
  @Override
  public LocalFileTarget output() {
    String name = checkpoint.getFileName().toString().replaceFirst("\\.[^.]*$", "");
    return LocalFileTarget.of(results.resolve("benchmarks").resolve(name).resolve(benchmark + ".json"));
  }

  @Override
  public void run(TaskContext context) throws Exception {
    throw new TaskFailedException(id().family() + " needs a command in its cfg section");
  }
}
