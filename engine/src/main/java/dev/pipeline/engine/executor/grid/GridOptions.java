package dev.pipeline.engine.executor.grid;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Executor-wide settings of a grid backend.
 *
 * @param stateDirectory the run's {@code .pipeline/}: submissions go to {@code jobs/NAME/} in it
 * @param pollInterval time between bulk status queries ({@code poll_interval})
 * @param exitGrace how long a job that ended (or vanished) may take to show its exit-code file on
 *     a shared file system before it counts as lost ({@code exit_grace})
 * @param runner runs the batch system's commands
 * @param nanoClock {@link System#nanoTime()} in production; a fake in tests
 */
public record GridOptions(Path stateDirectory, Duration pollInterval, Duration exitGrace,
    CommandRunner runner, LongSupplier nanoClock) {

  public static GridOptions of(Path stateDirectory, CommandRunner runner) {
    return new GridOptions(stateDirectory, Duration.ofSeconds(10), Duration.ofSeconds(60), runner,
        System::nanoTime);
  }

  public GridOptions withPollInterval(Duration d) {
    return new GridOptions(stateDirectory, d, exitGrace, runner, nanoClock);
  }

  public GridOptions withExitGrace(Duration d) {
    return new GridOptions(stateDirectory, pollInterval, d, runner, nanoClock);
  }

  public GridOptions withClock(LongSupplier clock) {
    return new GridOptions(stateDirectory, pollInterval, exitGrace, runner, clock);
  }
}
