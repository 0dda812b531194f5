package dev.pipeline.sandbox;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.engine.launch.RunOptionsBuilder;
import dev.pipeline.engine.launch.RunSetup;
import dev.pipeline.engine.model.TaskRegistry;
import dev.pipeline.engine.scheduler.Scheduler;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code pipeline run FAMILY --param value ...} does in the pod (the CLI module is not on
 * this test class path): the built-in families, the cfg from the environment, one run.
 */
public final class PodLauncherMain {
  public static void main(String[] args) {
    if (!args[0].equals("run")) {
      throw new IllegalArgumentException("usage: run FAMILY --param value ...");
    }
    TaskRegistry registry = TaskRegistry.discover(PodLauncherMain.class.getClassLoader());
    RunSetup setup = RunSetup.prepare(registry, args[1], List.of(args).subList(2, args.length), null,
        System.getenv());
    var options = new RunOptionsBuilder(setup).runDirectory(Path.of(System.getenv("POD_RUN_DIR")))
        .journal(false).build();
    var summary = new Scheduler(options.withCaptureOutput(false)).run(List.of(setup.root()));
    System.out.println("pod run: " + summary.exitCode() + " " + summary.failures());
    System.exit(summary.exitCode() == ExitCode.OK ? 0 : 1);
  }
}
