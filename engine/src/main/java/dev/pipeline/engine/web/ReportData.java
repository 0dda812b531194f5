package dev.pipeline.engine.web;

import dev.pipeline.engine.runview.AttemptView;
import dev.pipeline.engine.runview.RunCatalog;
import dev.pipeline.engine.runview.RunModel;
import dev.pipeline.engine.runview.TaskView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * What a report shows, computed here rather than in the page: the summary and graph of families
 * (as the UI has them), one compact row per task, one bar per attempt on a lane (a GPU for
 * attempts that held GPUs, else the first free worker slot), and the concurrency and resource
 * series already reduced to at most {@link #POINTS} steps.
 */
final class ReportData {
  static final int POINTS = 1500;

  private ReportData() {}

  static Map<String, Object> of(RunCatalog catalog, RunModel run) {
    Map<String, Object> out = ApiViews.run(catalog, run);
    synchronized (run) {
      Instant origin = run.start() != null ? run.start() : Instant.EPOCH;
      Instant now = run.end() != null ? run.end() : Instant.now();
      List<TaskView> tasks = run.tasks();
      tasks.sort(Comparator.comparingLong(TaskView::firstStartMillis)
          .thenComparing(TaskView::id));
      String host = run.started() == null ? null : run.started().host();
      List<Object[]> rows = new ArrayList<>(tasks.size());
      List<long[]> spans = new ArrayList<>();
      List<AttemptView> attempts = new ArrayList<>();
      for (TaskView t : tasks) {
        rows.add(row(t, host, now));
        for (AttemptView a : t.attempts()) {
          attempts.add(a);
          spans.add(new long[] {millis(origin, a.start()), millis(origin, a.end() != null ? a.end() : now)});
        }
      }
      out.put("columns", List.of("task", "state", "attempts", "seconds", "host", "gpus", "exit",
          "cpuSeconds", "peakRssKb"));
      out.put("rows", rows);
      out.put("timeline", Timeline.lay(tasks, origin, now));
      out.put("series", Series.of(attempts, spans, millis(origin, now)));
      out.put("generated", Instant.now().toString());
    }
    return out;
  }

  private static Object[] row(TaskView t, String host, Instant now) {
    AttemptView last = t.lastAttempt();
    double cpu = 0;
    boolean cpuKnown = false;
    Long peak = null;
    for (AttemptView a : t.attempts()) {
      if (a.cpuSeconds() != null) {
        cpu += a.cpuSeconds();
        cpuKnown = true;
      }
      if (a.peakRssKb() != null) {
        peak = peak == null ? a.peakRssKb() : Math.max(peak, a.peakRssKb());
      }
    }
    return new Object[] {t.id(), t.state(), t.attempts().size(), round(t.seconds(now)),
        last == null ? null : host, last == null ? "" : String.join(",", last.gpus()),
        last == null ? null : last.exitCode(), cpuKnown ? round(cpu) : null, peak};
  }

  static long millis(Instant origin, Instant t) {
    return t.toEpochMilli() - origin.toEpochMilli();
  }

  static double round(double seconds) {
    return Math.round(seconds * 1000) / 1000.0;
  }

  /** Bars on lanes: GPU lanes for attempts with GPUs, worker slots for the others. */
  static final class Timeline {
    private Timeline() {}

    static Map<String, Object> lay(List<TaskView> tasks, Instant origin, Instant now) {
      List<Object[]> items = new ArrayList<>();
      for (TaskView t : tasks) {
        for (AttemptView a : t.attempts()) {
          items.add(new Object[] {t, a});
        }
      }
      items.sort(Comparator.comparing(i -> ((AttemptView) i[1]).start()));
      List<String> lanes = new ArrayList<>();
      Map<String, Integer> gpuLanes = new LinkedHashMap<>();
      PriorityQueue<long[]> free = new PriorityQueue<>(Comparator.comparingLong(s -> s[0]));
      List<long[]> bars = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (Object[] item : items) {
        TaskView t = (TaskView) item[0];
        AttemptView a = (AttemptView) item[1];
        long start = millis(origin, a.start());
        long end = millis(origin, a.end() != null ? a.end() : now);
        int state = stateIndex(a.state());
        if (!a.gpus().isEmpty()) {
          for (String gpu : a.gpus()) {
            int lane = gpuLanes.computeIfAbsent(gpu, g -> {
              lanes.add("GPU " + g);
              return lanes.size() - 1;
            });
            bars.add(new long[] {lane, start, end, state, names.size()});
          }
        } else {
          long[] slot = free.peek() != null && free.peek()[0] <= start ? free.poll() : null;
          if (slot == null) {
            lanes.add("worker " + (lanes.size() - gpuLanes.size() + 1));
            slot = new long[] {0, lanes.size() - 1};
          }
          slot[0] = end;
          free.add(slot);
          bars.add(new long[] {slot[1], start, end, state, names.size()});
        }
        names.add(t.id());
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("lanes", lanes);
      out.put("bars", bars);
      out.put("names", names);
      out.put("states", Arrays.asList(STATES));
      out.put("end", millis(origin, now));
      return out;
    }

    static final String[] STATES = {"RUNNING", "DONE", "FAILED", "RETRYING", "INTERRUPTED"};

    static int stateIndex(String state) {
      for (int i = 0; i < STATES.length; i++) {
        if (STATES[i].equals(state)) {
          return i;
        }
      }
      return 0;
    }
  }

  /** Running attempts, GPUs held and peak memory of running attempts over time, as steps. */
  static final class Series {
    private Series() {}

    static Map<String, Object> of(List<AttemptView> attempts, List<long[]> spans, long end) {
      int n = spans.size();
      long[][] changes = new long[2 * n][];
      boolean memoryKnown = false;
      for (int i = 0; i < n; i++) {
        AttemptView a = attempts.get(i);
        long rss = a.peakRssKb() == null ? 0 : a.peakRssKb();
        memoryKnown |= a.peakRssKb() != null;
        changes[2 * i] = new long[] {spans.get(i)[0], 1, a.gpus().size(), rss};
        changes[2 * i + 1] = new long[] {spans.get(i)[1], -1, -a.gpus().size(), -rss};
      }
      Arrays.sort(changes, Comparator.comparingLong((long[] c) -> c[0]).thenComparingLong(c -> c[1]));
      long bucket = Math.max(1, (end + POINTS - 1) / POINTS);
      List<long[]> points = new ArrayList<>();
      long running = 0, gpus = 0, memory = 0;
      long[] current = null;
      long[] last = null;
      for (long[] c : changes) {
        running += c[1];
        gpus += c[2];
        memory += c[3];
        long at = c[0] / bucket * bucket;
        if (current == null || current[0] != at) {
          settle(points, current, bucket, at, last);
          current = new long[] {at, running, gpus, memory};
          points.add(current);
        } else { // several changes in one step: the step shows the highest of each
          current[1] = Math.max(current[1], running);
          current[2] = Math.max(current[2], gpus);
          current[3] = Math.max(current[3], memory);
        }
        last = new long[] {0, running, gpus, memory};
      }
      settle(points, current, bucket, end, last);
      points.add(new long[] {end, running, gpus, memory});
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("points", points);
      out.put("memoryKnown", memoryKnown);
      return out;
    }

    /** After a step that ended lower than its highest: a point with where it ended. */
    private static void settle(List<long[]> points, long[] step, long bucket, long next,
        long[] last) {
      if (step != null && last != null && step[0] + bucket < next
          && (step[1] != last[1] || step[2] != last[2] || step[3] != last[3])) {
        points.add(new long[] {step[0] + bucket, last[1], last[2], last[3]});
      }
    }
  }
}
