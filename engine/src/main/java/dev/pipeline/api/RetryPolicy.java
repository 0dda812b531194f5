package dev.pipeline.api;

import java.time.Duration;

/**
 * How often a failing task is tried and how long to wait between tries: the n-th retry waits
 * {@code initialBackoff * multiplier^(n-1)}, capped at {@code maxBackoff}.
 */
public record RetryPolicy(int attempts, Duration initialBackoff, double multiplier, Duration maxBackoff) {
  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, 1.0, Duration.ZERO);

  public RetryPolicy {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be >= 1, got " + attempts);
    }
    if (multiplier < 1.0) {
      throw new IllegalArgumentException("backoff multiplier must be >= 1, got " + multiplier);
    }
  }

  public static RetryPolicy attempts(int attempts, Duration backoff) {
    return new RetryPolicy(attempts, backoff, 2.0, Duration.ofMinutes(10));
  }

  /** The wait before attempt {@code nextAttempt} (2 = first retry). */
  public Duration backoffBefore(int nextAttempt) {
    double factor = Math.pow(multiplier, Math.max(0, nextAttempt - 2));
    double cap = Math.max(maxBackoff.toMillis(), initialBackoff.toMillis());
    return Duration.ofMillis((long) Math.min(initialBackoff.toMillis() * factor, cap));
  }
}
