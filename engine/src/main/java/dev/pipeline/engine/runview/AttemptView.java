package dev.pipeline.engine.runview;

import java.time.Instant;
import java.util.List;

/**
 * One attempt of a task as the journal tells it: when it started and ended (null while running),
 * how it ended, the GPUs it held, and its resource use when the engine measured it (null when
 * unknown).
 */
public final class AttemptView {
  private final int number;
  private final Instant start;
  private final List<String> gpus;
  private Instant end;
  private String state = "RUNNING";
  private String message;
  private Integer exitCode;
  private Double cpuSeconds;
  private Long peakRssKb;

  AttemptView(int number, Instant start, List<String> gpus) {
    this.number = number;
    this.start = start;
    this.gpus = gpus == null ? List.of() : List.copyOf(gpus);
  }

  void finish(Instant when, String finalState, String why, Double cpu, Long rss) {
    end = when;
    state = finalState;
    message = why;
    cpuSeconds = cpu;
    peakRssKb = rss;
    exitCode = "DONE".equals(finalState) ? Integer.valueOf(0) : ExitCodes.fromMessage(why);
  }

  public int number() {
    return number;
  }

  public Instant start() {
    return start;
  }

  /** When it ended; null while it runs. */
  public Instant end() {
    return end;
  }

  public String state() {
    return state;
  }

  public List<String> gpus() {
    return gpus;
  }

  public String message() {
    return message;
  }

  /** 0 for a success; for a failure, the code its message names; null when none is known. */
  public Integer exitCode() {
    return exitCode;
  }

  public Double cpuSeconds() {
    return cpuSeconds;
  }

  public Long peakRssKb() {
    return peakRssKb;
  }

  /** Seconds from start to end (to {@code now} while running). */
  public double seconds(Instant now) {
    Instant stop = end != null ? end : now;
    return Math.max(0, (stop.toEpochMilli() - start.toEpochMilli()) / 1000.0);
  }
}
