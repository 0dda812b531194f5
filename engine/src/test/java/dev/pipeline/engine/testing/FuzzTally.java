package dev.pipeline.engine.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts one fuzz target's inputs: good (accepted, or refused with a documented one-line error)
 * and bad (anything else), and writes the harness's summary line
 * {@code TRIAL\tfuzz-<target>\t<runs>\t<good>\t<bad>\t<detail>} to
 * {@code target/fuzz/<target>.tsv} for reliability/fuzz.sh.
 */
public final class FuzzTally {
  private final String target;
  private final AtomicLong good = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong bad = new AtomicLong();
  private volatile String firstBad = "";
  private final java.util.Map<String, Long> refusals = new java.util.concurrent.ConcurrentHashMap<>();

  public FuzzTally(String target) {
    this.target = target;
  }

  public void accepted() {
    good.incrementAndGet();
  }

  /** A documented error: it must be one line. */
  public void refused(Throwable e) {
    String message = String.valueOf(e.getMessage());
    if (e.getMessage() == null || message.contains("\n") || message.isBlank()) {
      crashed(new AssertionError("not a one-line error: " + e.getClass().getName() + ": " + message, e));
    }
    good.incrementAndGet();
    refused.incrementAndGet();
    String kind = message.replaceAll("[^A-Za-z ]", " ").replaceAll("\\s+", " ").strip();
    refusals.merge(kind.length() > 50 ? kind.substring(0, 50) : kind, 1L, Long::sum);
  }

  /** Anything else: counted, then thrown so the property fails and jqwik shrinks the input. */
  public void crashed(Throwable e) {
    bad.incrementAndGet();
    if (firstBad.isEmpty()) {
      firstBad = (e.getClass().getName() + ": " + e.getMessage()).replaceAll("\\s+", " ");
    }
    if (e instanceof RuntimeException r) {
      throw r;
    }
    if (e instanceof Error r) {
      throw r;
    }
    throw new AssertionError(e);
  }

  public String line() {
    long runs = good.get() + bad.get();
    String detail = bad.get() == 0
        ? refused.get() + " refused with a one-line error; most often: " + commonest() : firstBad;
    return "TRIAL\tfuzz-" + target + "\t" + runs + "\t" + good.get() + "\t" + bad.get() + "\t" + detail;
  }

  private String commonest() {
    return refusals.entrySet().stream().sorted(java.util.Map.Entry.comparingByValue(
            java.util.Comparator.reverseOrder())).limit(3)
        .map(e -> e.getValue() + "x " + e.getKey()).reduce((a, b) -> a + " | " + b).orElse("none");
  }

  /** Writes {@link #line()} under the module's build folder and prints it. */
  public void report() {
    try {
      Path dir = Files.createDirectories(Path.of("target", "fuzz"));
      Files.writeString(dir.resolve(target + ".tsv"), line() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.out.println(line());
  }
}
