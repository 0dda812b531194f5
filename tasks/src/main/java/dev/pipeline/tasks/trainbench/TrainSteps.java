package dev.pipeline.tasks.trainbench;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.TaskFailedException;
import dev.pipeline.api.targets.local.LocalFileTarget;
import java.nio.file.Path;

/**
 * Training that publishes a checkpoint every {@code checkpoint_every} steps and resumes from the
 * last one: a command task (the cfg's {@code command}, e.g. the example's NumPy trainer), which
 * announces each checkpoint on {@code $PIPELINE_PUBLISH_FILE}. Its output is the final model.
 */
@Family(value = "trainbench.TrainSteps", commandRequired = true,
    description = "training that publishes checkpoints as it goes (a cfg command)")
public class TrainSteps extends Task {
  @Param(required = true, description = "where the checkpoints go (kept across restarts)")
  Path checkpoints;

  @Param(required = true, description = "the results directory (the final model goes there)")
  Path results;

  @Param(description = "scratch directory of the run (removed when the run completes)")
  Path workdir;

  @Param(min = 1, description = "training steps")
  int steps = 60;

  @Param(name = "checkpoint_every", min = 1, description = "a checkpoint every this many steps")
  int checkpointEvery = 20;

  @Param(name = "step_seconds", description = "seconds each step sleeps (to watch benchmarks overlap training)")
  double stepSeconds = 0.0;

  @Override
  public LocalFileTarget output() {
    return LocalFileTarget.of(results.resolve("model.npz"));
  }

  @Override
  public void run(TaskContext context) throws Exception {
    throw new TaskFailedException(id().family() + " needs a command in its cfg section");
  }
}
