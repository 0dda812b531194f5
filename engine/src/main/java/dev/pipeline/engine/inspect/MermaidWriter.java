package dev.pipeline.engine.inspect;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultEdge;

/**
 * Mermaid {@code flowchart TD}: one {@code nK["label"]} per vertex, {@code a --> b} per edge, and
 * one class per status (filled like the DOT output).
 */
final class MermaidWriter {
  private MermaidWriter() {}

  static void write(Graph<GraphView.Vertex, DefaultEdge> graph, PrintWriter out) {
    out.println("flowchart TD");
    Map<TaskStatus, List<String>> byStatus = new EnumMap<>(TaskStatus.class);
    for (GraphView.Vertex v : graph.vertexSet()) {
      out.println("  " + v.id() + "[\"" + escape(v.label()) + "\"]");
      byStatus.computeIfAbsent(v.status(), s -> new ArrayList<>()).add(v.id());
    }
    for (DefaultEdge e : graph.edgeSet()) {
      out.println("  " + graph.getEdgeSource(e).id() + " --> " + graph.getEdgeTarget(e).id());
    }
    for (TaskStatus s : TaskStatus.LISTING_ORDER) {
      out.println("  classDef " + className(s) + " fill:" + GraphView.colour(s) + ",stroke:#555555");
    }
    for (TaskStatus s : TaskStatus.LISTING_ORDER) {
      List<String> ids = byStatus.get(s);
      if (ids != null) {
        out.println("  class " + String.join(",", ids) + " " + className(s));
      }
    }
  }

  /** Class names are identifiers: {@code upstream-failed} becomes {@code upstream_failed}. */
  private static String className(TaskStatus s) {
    return s.label().replace('-', '_');
  }

  /** Mermaid reads {@code #name;} entities inside quoted labels; quotes and angle brackets too. */
  static String escape(String label) {
    StringBuilder out = new StringBuilder(label.length());
    for (char c : label.toCharArray()) {
      switch (c) {
        case '#' -> out.append("#35;");
        case '"' -> out.append("#quot;");
        case '<' -> out.append("#lt;");
        case '>' -> out.append("#gt;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
