package dev.pipeline.engine.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What test tasks did, in this JVM: invocation counts and the time interval (with GPU ids) of each
 * run() call. Everything is keyed by a per-test key so tests never see each other's records.
 */
public final class Recorder {
  private static final AtomicLong KEYS = new AtomicLong();
  private static final Map<String, List<Interval>> INTERVALS = new ConcurrentHashMap<>();
  private static final Map<String, AtomicInteger> COUNTS = new ConcurrentHashMap<>();
  private static final Map<String, CountDownLatch> LATCHES = new ConcurrentHashMap<>();

  private Recorder() {}

  /** One run() call: when it ran, which attempt, which GPUs it was given. */
  public record Interval(
      String name, int attempt, long startNanos, long endNanos, List<String> gpus, String cuda) {
    public boolean overlaps(Interval other) {
      return startNanos < other.endNanos && other.startNanos < endNanos;
    }
  }

  /** A fresh key, unique in this JVM. */
  public static String newKey(String prefix) {
    return prefix + KEYS.incrementAndGet();
  }

  public static int increment(String key, String name) {
    return COUNTS.computeIfAbsent(key + "/" + name, k -> new AtomicInteger()).incrementAndGet();
  }

  public static int count(String key, String name) {
    AtomicInteger n = COUNTS.get(key + "/" + name);
    return n == null ? 0 : n.get();
  }

  public static void interval(String key, Interval interval) {
    INTERVALS.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(interval);
  }

  /** Every recorded interval of {@code key}, by start time. */
  public static List<Interval> intervals(String key) {
    List<Interval> out = new ArrayList<>(INTERVALS.getOrDefault(key, List.of()));
    out.sort(Comparator.comparingLong(Interval::startNanos));
    return out;
  }

  /** Waits until {@code parties} callers with this key have arrived; false on timeout. */
  public static boolean rendezvous(String key, int parties, Duration timeout)
      throws InterruptedException {
    CountDownLatch latch = LATCHES.computeIfAbsent(key, k -> new CountDownLatch(parties));
    latch.countDown();
    return latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
