package dev.pipeline.engine.launch;

import dev.pipeline.engine.config.ValueParsers;
import dev.pipeline.engine.run.CoreSettings;
import dev.pipeline.api.error.UsageException;
import dev.pipeline.api.RetryPolicy;
import dev.pipeline.engine.scheduler.RunOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Run options from the command line over {@code [core]} / {@code [resources]} (the cfg, or its
 * {@code PIPELINE__CORE__KEY} overrides) over the defaults. A null command-line value means "not
 * given"; a cfg value was checked, with its file and line, when the run's settings were read.
 */
public final class RunOptionsBuilder {
  private final RunSetup setup;
  private RunOptions options = RunOptions.defaults(Path.of("."));

  public RunOptionsBuilder(RunSetup setup) {
    this.setup = setup;
    options = options.withResources(setup.resources());
  }

  public RunOptionsBuilder runDirectory(Path dir) {
    RunOptions o = options;
    options = new RunOptions(o.workers(), o.gpus(), o.resources(), dir, o.failFast(),
        o.defaultRetry(), o.environment(), o.commandLine(), o.journal(), o.captureOutput(),
        o.claimPoll(), o.maxBypass(), o.cpuFallback());
    return this;
  }

  public RunOptionsBuilder workers(Integer cli) {
    int n = cli != null ? cli : core().workers();
    options = options.withWorkers(RunOptionChecks.workers(cli != null ? "--workers" : "[core] workers", n));
    return this;
  }

  /**
   * {@code --gpus=} (blank ids) is an empty pool that overrides {@code [core] gpus}: run on CPU.
   * A blank id among others ({@code 0,,1}) is a typo, not a request for fewer GPUs.
   */
  public RunOptionsBuilder gpus(List<String> cli) {
    List<String> pool = cli != null
        ? cli.stream().map(String::strip).toList()
        : core().gpus();
    if (pool.stream().allMatch(String::isEmpty)) {
      pool = List.of();
    }
    options = options.withGpus(RunOptionChecks.gpuIds(cli != null ? "--gpus" : "[core] gpus", pool));
    return this;
  }

  public RunOptionsBuilder resources(Map<String, Integer> cli) {
    if (cli != null) {
      Map<String, Integer> merged = new LinkedHashMap<>(options.resources());
      merged.putAll(RunOptionChecks.resources("--resources", cli));
      options = options.withResources(merged);
    }
    return this;
  }

  public RunOptionsBuilder failFast(Boolean cli) {
    options = options.withFailFast(cli != null ? cli : core().failFast());
    return this;
  }

  public RunOptionsBuilder retries(Integer cli, String backoffCli) {
    int retries = cli != null ? cli : core().retries();
    if (retries < 0 || retries > RunOptionChecks.MAX_RETRIES) {
      throw new UsageException((cli != null ? "--retries" : "[core] retries") + " must be between 0 and "
          + RunOptionChecks.MAX_RETRIES + ", got " + retries);
    }
    Duration backoff;
    try {
      backoff = backoffCli != null ? ValueParsers.parseDuration(backoffCli)
          : core().retryBackoff();
    } catch (IllegalArgumentException e) {
      throw new UsageException("--retry-backoff: got '" + backoffCli + "'; " + e.getMessage());
    }
    options = options.withDefaultRetry(retries == 0 ? RetryPolicy.NONE
        : RetryPolicy.attempts(retries + 1, backoff));
    return this;
  }

  public RunOptionsBuilder cpuFallback(boolean on) {
    options = options.withCpuFallback(on);
    return this;
  }

  public RunOptionsBuilder journal(boolean on) {
    options = options.withJournal(on);
    return this;
  }

  public RunOptionsBuilder commandLine(List<String> argv) {
    options = options.withCommandLine(argv);
    return this;
  }

  public RunOptionsBuilder environment(Map<String, String> env) {
    options = options.withEnvironment(env);
    return this;
  }

  public RunOptions build() {
    return options;
  }

  private CoreSettings core() {
    return setup.settings().core();
  }
}
