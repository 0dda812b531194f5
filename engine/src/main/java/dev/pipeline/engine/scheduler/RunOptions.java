package dev.pipeline.engine.scheduler;

import dev.pipeline.api.RetryPolicy;
import dev.pipeline.api.TaskId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How to run: workers, GPU pool, named resources, where the run's state lives, failure policy.
 *
 * @param workers tasks running at once
 * @param gpus GPU pool; an id may repeat to share a device ({@code 0,0,1,1})
 * @param resources named counters, e.g. {@code {"db": 2}}; names not listed are unlimited
 * @param runDirectory journal, logs and claims live under its {@code .pipeline/}
 * @param failFast stop launching new tasks after the first failure
 * @param defaultRetry retry policy of tasks that do not declare one
 * @param environment variables every started process gets (the run-directory variables)
 * @param commandLine recorded in the journal
 * @param journal whether to write {@code .pipeline/journal.jsonl}
 * @param captureOutput route task threads' System.out/err into their logs
 * @param claimPoll how often to look again at a task another process is running
 * @param maxBypass how often a waiting multi-GPU task may be overtaken before it reserves
 * @param cpuFallback with an empty GPU pool, run tasks that ask for GPUs without them (on CPU)
 *     instead of refusing the run; run.sh sets it on a machine without GPUs
 */
public record RunOptions(
    int workers,
    List<String> gpus,
    Map<String, Integer> resources,
    Path runDirectory,
    boolean failFast,
    RetryPolicy defaultRetry,
    Map<String, String> environment,
    List<String> commandLine,
    boolean journal,
    boolean captureOutput,
    Duration claimPoll,
    int maxBypass,
    boolean cpuFallback) {

  public RunOptions {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be >= 1, got " + workers);
    }
    gpus = List.copyOf(gpus);
    resources = Map.copyOf(resources);
    runDirectory = runDirectory.toAbsolutePath().normalize();
    environment = Map.copyOf(environment);
    commandLine = List.copyOf(commandLine);
  }

  public static RunOptions defaults(Path runDirectory) {
    return new RunOptions(1, List.of(), Map.of(), runDirectory, false, RetryPolicy.NONE, Map.of(),
        List.of(), true, true, Duration.ofSeconds(1), 4, false);
  }

  public RunOptions withWorkers(int n) {
    return new RunOptions(n, gpus, resources, runDirectory, failFast, defaultRetry, environment,
        commandLine, journal, captureOutput, claimPoll, maxBypass, cpuFallback);
  }

  public RunOptions withGpus(List<String> pool) {
    return new RunOptions(workers, pool, resources, runDirectory, failFast, defaultRetry,
        environment, commandLine, journal, captureOutput, claimPoll, maxBypass, cpuFallback);
  }

  public RunOptions withResources(Map<String, Integer> counters) {
    return new RunOptions(workers, gpus, counters, runDirectory, failFast, defaultRetry,
        environment, commandLine, journal, captureOutput, claimPoll, maxBypass, cpuFallback);
  }

  public RunOptions withFailFast(boolean value) {
    return new RunOptions(workers, gpus, resources, runDirectory, value, defaultRetry, environment,
        commandLine, journal, captureOutput, claimPoll, maxBypass, cpuFallback);
  }

  public RunOptions withDefaultRetry(RetryPolicy policy) {
    return new RunOptions(workers, gpus, resources, runDirectory, failFast, policy, environment,
        commandLine, journal, captureOutput, claimPoll, maxBypass, cpuFallback);
  }

  public RunOptions withEnvironment(Map<String, String> env) {
    return new RunOptions(workers, gpus, resources, runDirectory, failFast, defaultRetry, env,
        commandLine, journal, captureOutput, claimPoll, maxBypass, cpuFallback);
  }

  public RunOptions withCommandLine(List<String> argv) {
    return new RunOptions(workers, gpus, resources, runDirectory, failFast, defaultRetry,
        environment, argv, journal, captureOutput, claimPoll, maxBypass, cpuFallback);
  }

  public RunOptions withJournal(boolean value) {
    return new RunOptions(workers, gpus, resources, runDirectory, failFast, defaultRetry,
        environment, commandLine, value, captureOutput, claimPoll, maxBypass, cpuFallback);
  }

  public RunOptions withCaptureOutput(boolean value) {
    return new RunOptions(workers, gpus, resources, runDirectory, failFast, defaultRetry,
        environment, commandLine, journal, value, claimPoll, maxBypass, cpuFallback);
  }

  public RunOptions withClaimPoll(Duration interval) {
    return new RunOptions(workers, gpus, resources, runDirectory, failFast, defaultRetry,
        environment, commandLine, journal, captureOutput, interval, maxBypass, cpuFallback);
  }

  public RunOptions withMaxBypass(int value) {
    return new RunOptions(workers, gpus, resources, runDirectory, failFast, defaultRetry,
        environment, commandLine, journal, captureOutput, claimPoll, value, cpuFallback);
  }

  public RunOptions withCpuFallback(boolean value) {
    return new RunOptions(workers, gpus, resources, runDirectory, failFast, defaultRetry,
        environment, commandLine, journal, captureOutput, claimPoll, maxBypass, value);
  }

  /** A task's log: {@code .pipeline/logs/FAMILY/FAMILY-DIGEST.log}, the same for every attempt. */
  public Path logFile(TaskId id) {
    return stateDirectory().resolve("logs").resolve(id.family())
        .resolve(id.family() + "-" + id.digest() + ".log");
  }

  /** {@code .pipeline/} inside the run directory. */
  public Path stateDirectory() {
    return runDirectory.resolve(".pipeline");
  }
}
