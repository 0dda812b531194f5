package dev.pipeline.engine.inspect;

import dev.pipeline.engine.graph.TaskGraph;
import dev.pipeline.engine.graph.TaskNode;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code pipeline run --dry-run}: every task the run would start and why ({@code missing}, {@code
 * stale: ...}, {@code forced}, {@code upstream X reran}), from the graph the run itself would
 * build. Up to {@link #TREE_LIMIT} tasks as a tree like {@code status} (only what would run),
 * more as counts per family; then one line of totals.
 */
public final class DryRun {
  /** Above this many tasks to run, a tree is too long to read: counts per family instead. */
  static final int TREE_LIMIT = 40;

  private final TaskGraph graph;
  private final String[] reasons;
  private int count;

  private DryRun(TaskGraph graph) {
    this.graph = graph;
    this.reasons = new String[graph.size()];
  }

  /** Prints what a run of {@code roots} (nodes of {@code graph}) would do. */
  public static void print(TaskGraph graph, List<TaskNode> roots, PrintWriter out) {
    DryRun plan = new DryRun(graph);
    plan.decide();
    if (plan.count == 0) {
      out.println("Nothing to run: all " + graph.size() + (graph.size() == 1 ? " task is" : " tasks are")
          + " complete. (dry run: nothing was changed)");
    } else if (plan.count <= TREE_LIMIT) {
      plan.tree(roots, out);
    } else {
      plan.families(out);
    }
    if (plan.count > 0) {
      out.println(plan.count + " of " + graph.size() + (graph.size() == 1 ? " task" : " tasks")
          + " would run (" + plan.categories() + "); dry run: nothing was changed");
    }
    out.flush();
  }

  /**
   * Why each node would run, null when it would not: its own reason, or, for a task without
   * outputs, the first requirement that runs (it runs exactly when one of them does). Nodes are
   * numbered requirements-first only within a level, so a wrapper is settled by a fixpoint.
   */
  private void decide() {
    for (TaskNode n : graph.nodes()) {
      if (!n.completeAtStart() && !n.task().outputs().isEmpty()) {
        reasons[n.index()] = n.rerunReason() != null ? n.rerunReason() : "missing";
      }
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (TaskNode n : graph.nodes()) {
        if (reasons[n.index()] == null && n.task().outputs().isEmpty()) {
          String[] cause = {null};
          graph.forEachRequirement(n, r -> {
            if (cause[0] == null && reasons[r.index()] != null) {
              String family = r.task().id().family();
              cause[0] = "upstream " + family.substring(family.lastIndexOf('.') + 1) + " runs";
            }
          });
          if (cause[0] != null) {
            reasons[n.index()] = cause[0];
            changed = true;
          }
        }
      }
    }
    for (String r : reasons) {
      count += r == null ? 0 : 1;
    }
  }

  private void tree(List<TaskNode> roots, PrintWriter out) {
    boolean[] shown = new boolean[graph.size()];
    for (TaskNode root : roots) {
      if (reasons[root.index()] == null) {
        continue;
      }
      out.println(line(root));
      shown[root.index()] = true;
      Deque<Frame> stack = new ArrayDeque<>();
      stack.push(new Frame(running(root), ""));
      while (!stack.isEmpty()) {
        Frame f = stack.peek();
        if (f.index == f.nodes.size()) {
          stack.pop();
          continue;
        }
        TaskNode n = f.nodes.get(f.index++);
        boolean last = f.index == f.nodes.size();
        String branch = f.prefix + (last ? "`-- " : "|-- ");
        if (shown[n.index()]) {
          out.println(branch + line(n) + " (see above)");
          continue;
        }
        shown[n.index()] = true;
        out.println(branch + line(n));
        stack.push(new Frame(running(n), f.prefix + (last ? "    " : "|   ")));
      }
    }
  }

  /** Requirements of {@code n} that would run. */
  private List<TaskNode> running(TaskNode n) {
    List<TaskNode> out = new ArrayList<>();
    graph.forEachRequirement(n, r -> {
      if (reasons[r.index()] != null) {
        out.add(r);
      }
    });
    return out;
  }

  private String line(TaskNode n) {
    return n.task().id().canonical() + ": " + reasons[n.index()];
  }

  /** {@code bench.FanLeaf: 10000 (missing)}, one line per family, most first. */
  private void families(PrintWriter out) {
    Map<String, Map<String, Integer>> byFamily = new TreeMap<>();
    for (TaskNode n : graph.nodes()) {
      String reason = reasons[n.index()];
      if (reason != null) {
        byFamily.computeIfAbsent(n.task().id().family(), f -> new TreeMap<>())
            .merge(category(reason), 1, Integer::sum);
      }
    }
    byFamily.entrySet().stream()
        .sorted((a, b) -> Integer.compare(total(b.getValue()), total(a.getValue())))
        .forEach(e -> out.println("  " + e.getKey() + ": " + total(e.getValue()) + " ("
            + text(e.getValue()) + ")"));
  }

  private String categories() {
    Map<String, Integer> counts = new TreeMap<>();
    for (String r : reasons) {
      if (r != null) {
        counts.merge(category(r), 1, Integer::sum);
      }
    }
    return text(counts);
  }

  /** missing, stale, forced or upstream. */
  static String category(String reason) {
    int end = reason.indexOf(reason.startsWith("stale") ? ':' : ' ');
    return end < 0 ? reason : reason.substring(0, end);
  }

  private static int total(Map<String, Integer> counts) {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  private static String text(Map<String, Integer> counts) {
    List<String> parts = new ArrayList<>();
    counts.forEach((k, v) -> parts.add(v + " " + k));
    return String.join(", ", parts);
  }

  private static final class Frame {
    final List<TaskNode> nodes;
    final String prefix;
    int index;

    Frame(List<TaskNode> nodes, String prefix) {
      this.nodes = nodes;
      this.prefix = prefix;
    }
  }
}
