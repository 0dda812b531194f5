package dev.pipeline.engine.runview;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** One task of a run as the journal tells it: its latest state, its attempts, its log. */
public final class TaskView {
  private final String id;
  private final String family;
  private final List<AttemptView> attempts = new ArrayList<>(1);
  private final List<PublishedItem> published = new ArrayList<>(0);
  private String state;
  private String log;
  private String message;
  /** When its latest record was written (its end, for a finished task). */
  private Instant updated;
  /** Epoch millis of its first attempt's start; {@code Long.MAX_VALUE} until it runs. */
  private long firstStart = Long.MAX_VALUE;

  TaskView(String id, String family) {
    this.id = id;
    this.family = family;
  }

  /** Applies one task record; returns the state it left. */
  String apply(String newState, int attempt, Instant time, List<String> gpus, String logFile,
      String why, Double cpu, Long rss) {
    String before = state;
    state = newState;
    updated = time;
    if (logFile != null) {
      log = logFile;
    }
    message = why;
    if ("RUNNING".equals(newState)) {
      attempts.add(new AttemptView(attempt, time, gpus));
      firstStart = Math.min(firstStart, time.toEpochMilli());
    } else if (ended(newState)) {
      AttemptView last = attempt(attempt);
      if (last != null && last.end() == null) {
        last.finish(time, newState, why, cpu, rss);
      }
    }
    return before;
  }

  /** States that end an attempt that ran. */
  private static boolean ended(String state) {
    return switch (state) {
      case "DONE", "FAILED", "RETRYING", "INTERRUPTED" -> true;
      default -> false;
    };
  }

  private AttemptView attempt(int number) {
    for (int i = attempts.size() - 1; i >= 0; i--) {
      if (attempts.get(i).number() == number) {
        return attempts.get(i);
      }
    }
    return null;
  }

  public String id() {
    return id;
  }

  public String family() {
    return family;
  }

  /** The latest state (a {@code TaskState} name). */
  public String state() {
    return state;
  }

  /** An item the task published while it ran: its name and where it is. */
  public record PublishedItem(String name, String path) {}

  void publish(String name, String path) {
    published.add(new PublishedItem(name, path));
  }

  /** What it published while it ran, in order (checkpoints, say). */
  public List<PublishedItem> published() {
    return Collections.unmodifiableList(published);
  }

  public List<AttemptView> attempts() {
    return Collections.unmodifiableList(attempts);
  }

  /** The last attempt, or null when it never ran in this run. */
  public AttemptView lastAttempt() {
    return attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
  }

  public String log() {
    return log;
  }

  public String message() {
    return message;
  }

  /** When it first started, in epoch millis, or {@code Long.MAX_VALUE} when it never ran: a sort key. */
  public long firstStartMillis() {
    return firstStart;
  }

  public Instant updated() {
    return updated;
  }

  /** The parameters as the canonical id spells them: {@code Fan(n=3, out=/x)} gives n=3, out=/x. */
  public Map<String, String> parameters() {
    return TaskIds.parameters(id);
  }

  /** Seconds from the first attempt's start to the last one's end; 0 when it never ran. */
  public double seconds(Instant now) {
    if (attempts.isEmpty()) {
      return 0;
    }
    AttemptView last = lastAttempt();
    Instant stop = last.end() != null ? last.end() : now;
    return Math.max(0, (stop.toEpochMilli() - attempts.get(0).start().toEpochMilli()) / 1000.0);
  }
}
