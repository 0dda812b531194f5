package dev.pipeline.engine.inspect;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;

/**
 * The shown part of a {@link DependencyTree} as a JGraphT graph for the exporters: tasks within
 * the depth, reached from the root without passing through a collapsed fan-out, plus one vertex per
 * collapsed group. Edges point from a task to what it requires, so the root is drawn on top.
 * Vertex ids ({@code n0}, {@code n1}, ...) are numbered as vertices are first reached (a task's
 * requirements in order, depth first), so the output is stable.
 */
public final class GraphView {
  private GraphView() {}

  /** A vertex: a task or a collapsed group of one family's requirements. */
  public record Vertex(String id, String label, TaskStatus status) {}

  public static Graph<Vertex, DefaultEdge> of(DependencyTree tree) {
    Graph<Vertex, DefaultEdge> graph = new DefaultDirectedGraph<>(DefaultEdge.class);
    Map<TreeNode, Vertex> vertices = new IdentityHashMap<>();
    Deque<TreeNode> stack = new ArrayDeque<>();
    stack.push(tree.root());
    vertices.put(tree.root(), add(graph, tree.root()));
    while (!stack.isEmpty()) {
      TreeNode n = stack.pop();
      if (n.depth() >= tree.maxDepth()) {
        continue;
      }
      List<TreeNode> fresh = new ArrayList<>();
      for (Fanout.Entry e : Fanout.of(n)) {
        Vertex target;
        if (e instanceof Fanout.Group g) {
          target = new Vertex("n" + graph.vertexSet().size(), g.summary(), g.status());
          graph.addVertex(target);
        } else {
          TreeNode r = ((Fanout.Single) e).node();
          target = vertices.get(r);
          if (target == null) {
            target = add(graph, r);
            vertices.put(r, target);
            fresh.add(r);
          }
        }
        graph.addEdge(vertices.get(n), target);
      }
      // Depth first, first requirement first.
      for (int i = fresh.size() - 1; i >= 0; i--) {
        stack.push(fresh.get(i));
      }
    }
    return graph;
  }

  private static Vertex add(Graph<Vertex, DefaultEdge> graph, TreeNode n) {
    Vertex v = new Vertex("n" + graph.vertexSet().size(), n.task().id().canonical(), n.status());
    graph.addVertex(v);
    return v;
  }

  /** Fill colours by status, shared by the DOT and Mermaid writers. */
  static String colour(TaskStatus status) {
    return switch (status) {
      case COMPLETE -> "#b7e1b0";
      case STALE -> "#fff2a8";
      case INCOMPLETE -> "#ffffff";
      case RUNNING -> "#a6cee3";
      case UPSTREAM_FAILED -> "#fdd49e";
      case FAILED -> "#f4a6a6";
    };
  }
}
