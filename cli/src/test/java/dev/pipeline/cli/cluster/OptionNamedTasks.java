package dev.pipeline.cli.cluster;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.targets.FileTarget;
import dev.pipeline.api.targets.local.LocalFileTarget;
import java.nio.file.Path;

/** A family with parameters named like run options (registered through a test's services file). */
public final class OptionNamedTasks {
  private OptionNamedTasks() {}

  /** Writes the values it got. */
  @Family("CtOptionNamed")
  public static class OptionNamed extends Task {
    @Param(required = true) Path out;
    @Param int gpus;
    @Param int workers = 1;
    @Param int depth;

    @Override
    public Object output() {
      return LocalFileTarget.of(out.resolve("seen.txt"));
    }

    @Override
    public void run(TaskContext ctx) throws Exception {
      ((FileTarget) outputTarget()).writeString("gpus=" + gpus + " workers=" + workers);
    }
  }
}
