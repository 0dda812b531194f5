package dev.pipeline.engine.graph;

import dev.pipeline.api.Task;
import dev.pipeline.api.TaskId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jgrapht.Graph;
import org.jgrapht.graph.AbstractBaseGraph;
import org.jgrapht.graph.AsUnmodifiableGraph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.DefaultGraphSpecificsStrategy;
import org.jgrapht.graph.DefaultGraphType;

/**
 * The run's dependency graph on JGraphT. Edges point from a requirement to the task that needs it,
 * so a finished task's dependents are its outgoing edges. Tasks are deduplicated by id.
 */
public final class TaskGraph {
  private final DependencyGraph graph = new DependencyGraph();
  private Map<TaskId, TaskNode> byId = new HashMap<>();
  private final ArrayList<TaskNode> nodes = new ArrayList<>();

  public int size() {
    return nodes.size();
  }

  public TaskNode node(int index) {
    return nodes.get(index);
  }

  public List<TaskNode> nodes() {
    return Collections.unmodifiableList(nodes);
  }

  public TaskNode find(TaskId id) {
    return byId.get(id);
  }

  /** A read-only JGraphT view for listeners, exporters (DOT, Mermaid) and analyses. */
  public Graph<TaskNode, DefaultEdge> view() {
    return new AsUnmodifiableGraph<>(graph);
  }

  public void forEachDependent(TaskNode node, Consumer<TaskNode> action) {
    for (DefaultEdge e : graph.outgoingEdgesOf(node)) {
      action.accept(graph.getEdgeTarget(e));
    }
  }

  public void forEachRequirement(TaskNode node, Consumer<TaskNode> action) {
    for (DefaultEdge e : graph.incomingEdgesOf(node)) {
      action.accept(graph.getEdgeSource(e));
    }
  }

  /** Makes room for {@code more} tasks at once rather than growing the index step by step. */
  void reserve(int more) {
    int wanted = byId.size() + more;
    if (wanted > 64 && wanted > byId.size() * 2) {
      Map<TaskId, TaskNode> bigger = new HashMap<>(GraphBuilder.capacityFor(wanted));
      bigger.putAll(byId);
      byId = bigger;
    }
    nodes.ensureCapacity(wanted);
  }

  TaskNode add(Task task, Verdict verdict) {
    TaskNode node = new TaskNode(task, nodes.size(), verdict);
    nodes.add(node);
    byId.put(task.id(), node);
    graph.addVertex(node);
    return node;
  }

  void addRequirement(TaskNode requirement, TaskNode dependent) {
    graph.addEdge(requirement, dependent);
  }

  /**
   * Directed pseudograph with JGraphT's plain specifics: the default fast-lookup strategy keeps a
   * map entry per vertex pair, which a million-task graph cannot afford and we never query.
   * Self-loops are allowed so that a task requiring itself reaches the cycle check (which reports
   * it as {@code A -> A}) instead of failing inside JGraphT.
   */
  private static final class DependencyGraph extends AbstractBaseGraph<TaskNode, DefaultEdge> {
    private static final long serialVersionUID = 1L;

    DependencyGraph() {
      super(null, DefaultEdge::new, DefaultGraphType.directedPseudograph(),
          new DefaultGraphSpecificsStrategy<>());
    }
  }
}
