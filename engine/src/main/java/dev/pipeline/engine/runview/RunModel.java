package dev.pipeline.engine.runview;

import dev.pipeline.engine.event.FamilyShape;
import dev.pipeline.engine.journal.JournalRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One run as its journal records tell it, kept up to date record by record: the run's header and
 * end, the graph of families, every task that ran with its attempts, and counts by family and
 * state kept as records arrive, so that a page of 100,000 tasks is answered from the counts, not
 * by walking the tasks. Fed from a journal being read (another process's run) or from the live
 * run's events; callers synchronise on the model (readers too), and {@link #version()} grows with
 * every change.
 */
public final class RunModel {
  private final String runId;
  private JournalRecord started;
  private JournalRecord finished;
  private Instant start;
  private Instant end;
  private int total;
  private final Map<String, FamilyShape> shapes = new TreeMap<>();
  private final Map<String, TaskView> tasks = new HashMap<>();
  private final Map<String, FamilyTasks> families = new TreeMap<>();
  private long version;

  public RunModel(String runId) {
    this.runId = runId;
  }

  /** Applies one record of this run. */
  public void apply(JournalRecord r) {
    apply(r, parse(r.time()));
  }

  /** Applies one record whose time is already known (a live event's): no text to parse. */
  public synchronized void apply(JournalRecord r, Instant time) {
    switch (r.type()) {
      case "run_started" -> {
        started = r;
        start = time;
      }
      case "graph" -> graph(r);
      case "graph_grew" -> total += r.counts() == null ? 0 : r.counts().getOrDefault("total", 0);
      case "task" -> task(r, time);
      case "published" -> published(r);
      case "run_finished" -> {
        finished = r;
        end = time;
      }
      default -> { }
    }
    version++;
  }

  private void graph(JournalRecord r) {
    total = r.counts() == null ? 0 : r.counts().getOrDefault("total", 0);
    if (r.families() != null) {
      shapes.putAll(r.families());
    }
  }

  private void task(JournalRecord r, Instant time) {
    TaskView task = tasks.get(r.task());
    String family = r.family() != null ? r.family() : family(r.task());
    if (task == null) {
      task = new TaskView(r.task(), family);
      tasks.put(r.task(), task);
      familyTasks(family).members.add(task);
    }
    String before = task.apply(r.state(), r.attempt() == null ? 1 : r.attempt(), time, r.gpus(),
        r.log(), r.message(), r.cpuSeconds(), r.peakRssKb());
    FamilyTasks counts = familyTasks(family);
    if (before != null) {
      counts.byState.merge(before, -1, Integer::sum);
    }
    counts.byState.merge(r.state(), 1, Integer::sum);
  }

  /** An item a running task published (a checkpoint, say): shown with the task. */
  private void published(JournalRecord r) {
    TaskView task = tasks.get(r.task());
    if (task == null) {
      String family = r.family() != null ? r.family() : family(r.task());
      task = new TaskView(r.task(), family);
      tasks.put(r.task(), task);
      familyTasks(family).members.add(task);
    }
    task.publish(r.item(), r.path());
  }

  private FamilyTasks familyTasks(String family) {
    return families.computeIfAbsent(family, f -> new FamilyTasks());
  }

  private static String family(String canonical) {
    int open = canonical.indexOf('(');
    return open < 0 ? canonical : canonical.substring(0, open);
  }

  private static Instant parse(String time) {
    try {
      return time == null ? Instant.now() : Instant.parse(time);
    } catch (RuntimeException e) {
      return Instant.now();
    }
  }

  public String runId() {
    return runId;
  }

  /** Grows with every record applied; a reader that saw version N has seen everything up to N. */
  public synchronized long version() {
    return version;
  }

  /** The {@code run_started} record, or null when the journal holds none for this run. */
  public synchronized JournalRecord started() {
    return started;
  }

  /** The {@code run_finished} record, or null while the run has not finished. */
  public synchronized JournalRecord finished() {
    return finished;
  }

  public synchronized Instant start() {
    return start;
  }

  public synchronized Instant end() {
    return end;
  }

  /** Tasks in the graph (as resolved, grown by dynamic requirements). */
  public synchronized int total() {
    return Math.max(total, tasks.size());
  }

  public synchronized TaskView task(String id) {
    return tasks.get(id);
  }

  /** Every task that has a record in this run, in no particular order (a copy). */
  public synchronized List<TaskView> tasks() {
    return new ArrayList<>(tasks.values());
  }

  /** Per family: size, counts by state (with {@code PENDING} for tasks with no record yet). */
  public synchronized List<FamilySummary> families() {
    Map<String, FamilySummary> out = new LinkedHashMap<>();
    List<String> names = new ArrayList<>(shapes.keySet());
    families.keySet().stream().filter(f -> !shapes.containsKey(f)).forEach(names::add);
    for (String name : names) {
      FamilyShape shape = shapes.get(name);
      FamilyTasks recorded = families.get(name);
      Map<String, Integer> counts = new TreeMap<>();
      int seen = 0;
      if (recorded != null) {
        for (Map.Entry<String, Integer> e : recorded.byState.entrySet()) {
          if (e.getValue() > 0) {
            counts.put(e.getKey(), e.getValue());
            seen += e.getValue();
          }
        }
      }
      int size = Math.max(seen, shape == null ? 0 : shape.tasks());
      if (shape != null && shape.complete() > 0) {
        counts.merge("COMPLETE", shape.complete(), Integer::sum);
      }
      int pending = size - seen - (shape == null ? 0 : shape.complete());
      if (pending > 0) {
        counts.put("PENDING", pending);
      }
      out.put(name, new FamilySummary(name, size, counts,
          shape == null ? List.of() : shape.requires()));
    }
    return new ArrayList<>(out.values());
  }

  /** Totals over all families, by state. */
  public synchronized Map<String, Integer> counts() {
    Map<String, Integer> out = new TreeMap<>();
    for (FamilySummary f : families()) {
      f.counts().forEach((state, n) -> out.merge(state, n, Integer::sum));
    }
    return out;
  }

  /**
   * A page of a family's recorded tasks, in the order they first appeared, optionally only those
   * in {@code state} (null: all).
   */
  public synchronized Page page(String family, String state, int offset, int limit) {
    FamilyTasks f = families.get(family);
    if (f == null) {
      return new Page(0, List.of());
    }
    List<TaskView> matching = f.members;
    if (state != null) {
      matching = new ArrayList<>();
      for (TaskView t : f.members) {
        if (state.equals(t.state())) {
          matching.add(t);
        }
      }
    }
    int from = Math.min(Math.max(0, offset), matching.size());
    int to = Math.min(matching.size(), from + Math.max(0, limit));
    return new Page(matching.size(), List.copyOf(matching.subList(from, to)));
  }

  /** A family's counts and the families it requires. */
  public record FamilySummary(String name, int tasks, Map<String, Integer> counts,
      List<String> requires) {
    public FamilySummary {
      counts = Collections.unmodifiableMap(new TreeMap<>(counts));
      requires = List.copyOf(requires);
    }
  }

  /** {@code tasks} of {@code total} matching. */
  public record Page(int total, List<TaskView> tasks) {}

  private static final class FamilyTasks {
    final List<TaskView> members = new ArrayList<>();
    final Map<String, Integer> byState = new HashMap<>();
  }
}
