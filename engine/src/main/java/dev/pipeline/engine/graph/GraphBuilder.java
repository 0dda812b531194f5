package dev.pipeline.engine.graph;

import dev.pipeline.api.Task;
import dev.pipeline.api.TaskId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Grows a {@link TaskGraph} from requested tasks, level by level. Each level's completeness and
 * freshness are checked in bulk ({@link FreshnessCheck}); a complete task without provenance is a
 * leaf (its requirements are never asked for or checked), which is what makes resuming a finished
 * 100,000-task run cheap. A complete task with provenance is explored too: when something below
 * it runs (missing, stale, forced), it reruns, and so does everything between.
 */
public final class GraphBuilder {
  private final TaskGraph graph;
  private final FreshnessCheck freshness;

  public GraphBuilder(TaskGraph graph) {
    this(graph, FreshnessCheck.EXISTENCE);
  }

  public GraphBuilder(TaskGraph graph, FreshnessCheck freshness) {
    this.graph = graph;
    this.freshness = freshness;
  }

  /** Builds the graph for the roots and fails with the cycle path if there is one. */
  public List<TaskNode> build(Collection<? extends Task> roots) {
    List<TaskNode> rootNodes = expand(roots);
    CycleFinder.check(graph, rootNodes, node -> false);
    return rootNodes;
  }

  /**
   * Adds {@code tasks} (dynamic requirements discovered at run time) as requirements of {@code
   * dependent}, exploring whatever of them is new. {@code settled} nodes (finished ones) are not
   * walked by the cycle check: a finished task cannot depend on one that has not run.
   */
  public List<TaskNode> attach(
      Collection<? extends Task> tasks, TaskNode dependent, Predicate<TaskNode> settled) {
    List<TaskNode> added = new ArrayList<>();
    int before = graph.size();
    List<TaskNode> nodes = expand(tasks);
    for (TaskNode n : nodes) {
      graph.addRequirement(n, dependent);
    }
    for (int i = before; i < graph.size(); i++) {
      added.add(graph.node(i));
    }
    CycleFinder.check(graph, List.of(dependent), settled);
    return added;
  }

  /** Adds the tasks and their incomplete closure; returns the nodes of {@code tasks}, in order. */
  private List<TaskNode> expand(Collection<? extends Task> tasks) {
    Map<TaskId, Task> level = new LinkedHashMap<>();
    for (Task t : tasks) {
      if (graph.find(t.id()) == null) {
        level.putIfAbsent(t.id(), t);
      }
    }
    ArrayList<Edge> edges = new ArrayList<>();
    int before = graph.size();
    while (!level.isEmpty()) {
      List<Task> batch = new ArrayList<>(level.values());
      boolean[] complete = CompletenessChecker.check(batch);
      Verdict[] verdicts = freshness.judge(batch, complete);
      graph.reserve(batch.size());
      List<TaskNode> added = new ArrayList<>(batch.size());
      List<List<Task>> requirements = new ArrayList<>(batch.size());
      int fanOut = 0;
      for (int i = 0; i < batch.size(); i++) {
        TaskNode node = graph.add(batch.get(i), verdicts[i]);
        added.add(node);
        List<Task> reqs = verdicts[i].explore() ? node.task().requirements() : List.of();
        requirements.add(reqs);
        fanOut += reqs.size();
      }
      // Sized up front: one level of a wide graph can hold 100,000 tasks, and growing these maps
      // step by step rehashes every entry many times.
      Map<TaskId, Task> next = new LinkedHashMap<>(capacityFor(fanOut));
      edges.ensureCapacity(edges.size() + fanOut);
      for (int i = 0; i < added.size(); i++) {
        TaskNode node = added.get(i);
        for (Task req : requirements.get(i)) {
          TaskId id = req.id();
          if (graph.find(id) == null) {
            next.putIfAbsent(id, req);
          }
          edges.add(new Edge(id, node));
        }
      }
      level = next;
    }
    for (Edge e : edges) {
      graph.addRequirement(graph.find(e.requirement), e.dependent);
    }
    UpstreamReruns.propagate(graph, before);
    List<TaskNode> result = new ArrayList<>(tasks.size());
    for (Task t : tasks) {
      result.add(graph.find(t.id()));
    }
    return result;
  }

  /** A HashMap capacity that holds {@code entries} without rehashing. */
  static int capacityFor(int entries) {
    return (int) Math.min(1L << 30, (long) (entries / 0.75) + 1);
  }

  private record Edge(TaskId requirement, TaskNode dependent) {}
}
