package dev.pipeline.cli.cluster;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.targets.FileTarget;
import dev.pipeline.api.targets.local.LocalFileTarget;
import java.nio.file.Path;

/** A user's own Train families, named like the built-in sandbox.Train (registered by a test's services file). */
public final class UserTrainTasks {
  private UserTrainTasks() {}

  /** A user's Train without a namespace: it takes the short name. */
  @Family(value = "Train", description = "a user's own train")
  public static class Train extends Task {
    @Param(required = true) Path out;
    @Param double lr = 0.5;

    @Override
    public FileTarget output() {
      return LocalFileTarget.of(out.resolve("lr.txt"));
    }

    @Override
    public void run(TaskContext ctx) throws Exception {
      output().writeString("lr=" + lr);
    }
  }

  /** A user's Train in a namespace of its own: then the short name is ambiguous. */
  @Family(value = "mine.Train", description = "a user's namespaced train")
  public static class NamespacedTrain extends Task {}
}
