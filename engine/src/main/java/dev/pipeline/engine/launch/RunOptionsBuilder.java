package dev.pipeline.engine.launch;

import dev.pipeline.engine.config.ConfigException;
import dev.pipeline.engine.config.ConfigValue;
import dev.pipeline.engine.config.ValueParsers;
import dev.pipeline.api.error.UsageException;
import dev.pipeline.api.RetryPolicy;
import dev.pipeline.engine.scheduler.RunOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Run options from the command line over {@code [core]} / {@code [resources]} in the cfg over the
 * defaults. A null command-line value means "not given".
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
    int n = cli != null ? cli : core("workers", ValueParsers::parseInt, 1);
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
        : core("gpus", ValueParsers::parseList, List.of());
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
    options = options.withFailFast(cli != null ? cli : core("fail_fast", ValueParsers::parseBoolean, false));
    return this;
  }

  public RunOptionsBuilder retries(Integer cli, String backoffCli) {
    int retries = cli != null ? cli : core("retries", ValueParsers::parseInt, 0);
    if (retries < 0 || retries > RunOptionChecks.MAX_RETRIES) {
      throw new UsageException((cli != null ? "--retries" : "[core] retries") + " must be between 0 and "
          + RunOptionChecks.MAX_RETRIES + ", got " + retries);
    }
    Duration backoff;
    try {
      backoff = backoffCli != null ? ValueParsers.parseDuration(backoffCli)
          : core("retry_backoff", ValueParsers::parseDuration, Duration.ofSeconds(10));
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

  private <T> T core(String key, Function<String, T> parse, T fallback) {
    var value = setup.config().get("core", key);
    if (value.isEmpty()) {
      return fallback;
    }
    ConfigValue v = value.get();
    try {
      return parse.apply(v.value());
    } catch (IllegalArgumentException e) {
      throw ConfigException.of(v.where(), "core", v.key(),
          "wrong type: got '" + v.value() + "'", e.getMessage());
    }
  }
}
