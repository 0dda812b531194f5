package dev.pipeline.sweep;

import dev.pipeline.api.RetryPolicy;
import dev.pipeline.api.error.UsageException;
import dev.pipeline.engine.config.ValueParsers;
import dev.pipeline.engine.launch.RunOptionChecks;
import java.time.Duration;
import java.util.List;

/**
 * Where points run and how: {@code --executor}, {@code -r}, {@code --workers}, {@code --retries},
 * {@code --retry-backoff}, {@code --timeout}, {@code --no-journal}. Null fields take the defaults.
 *
 * @param executor {@code local}, {@code slurm}, {@code condor}, {@code kubernetes}; null: the cfg decides
 * @param resources GPU slots overriding the file's {@code resource}; null or empty: the file's
 * @param timeout the time limit per point as written ({@code 90s}, {@code 1h})
 */
public record SweepExecution(String executor, List<String> resources, Integer workers, Integer retries,
    String retryBackoff, String timeout, boolean journal) {
  public static final SweepExecution DEFAULTS = new SweepExecution(null, null, null, null, null, null, true);

  public SweepExecution {
    resources = resources == null ? null : List.copyOf(resources);
  }

  void check() {
    if (workers != null) {
      RunOptionChecks.workers("--workers", workers);
    }
    if (retries != null && (retries < 0 || retries > RunOptionChecks.MAX_RETRIES)) {
      throw new UsageException("--retries must be between 0 and " + RunOptionChecks.MAX_RETRIES
          + ", got " + retries);
    }
  }

  /** The per-point time limit, or null for none. */
  Duration timeLimit() {
    if (timeout == null) {
      return null;
    }
    try {
      Duration d = ValueParsers.parseDuration(timeout);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("must be positive");
      }
      return d;
    } catch (IllegalArgumentException e) {
      throw new UsageException("--timeout: got '" + timeout + "'; " + e.getMessage()
          + " (write e.g. 90s, 30m, 1h)");
    }
  }

  RetryPolicy retry() {
    if (retries == null || retries == 0) {
      return RetryPolicy.NONE;
    }
    try {
      Duration backoff = retryBackoff == null ? Duration.ofSeconds(10)
          : ValueParsers.parseDuration(retryBackoff);
      return RetryPolicy.attempts(retries + 1, backoff);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--retry-backoff: got '" + retryBackoff + "'; " + e.getMessage());
    }
  }
}
