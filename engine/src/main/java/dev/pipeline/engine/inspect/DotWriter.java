package dev.pipeline.engine.inspect;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.nio.Attribute;
import org.jgrapht.nio.DefaultAttribute;
import org.jgrapht.nio.dot.DOTExporter;

/** Graphviz DOT through JGraphT's DOTExporter: boxes labelled with task ids, filled by status. */
final class DotWriter {
  private DotWriter() {}

  static void write(Graph<GraphView.Vertex, DefaultEdge> graph, PrintWriter out) {
    DOTExporter<GraphView.Vertex, DefaultEdge> exporter = new DOTExporter<>(GraphView.Vertex::id);
    exporter.setGraphIdProvider(() -> "pipeline");
    exporter.setGraphAttributeProvider(() -> {
      Map<String, Attribute> attributes = new LinkedHashMap<>();
      attributes.put("rankdir", DefaultAttribute.createAttribute("TB"));
      return attributes;
    });
    exporter.setVertexAttributeProvider(v -> {
      Map<String, Attribute> attributes = new LinkedHashMap<>();
      // DOTExporter escapes double quotes; a backslash would start a DOT escape (\N, \l).
      attributes.put("label", DefaultAttribute.createAttribute(v.label().replace("\\", "\\\\")));
      attributes.put("shape", DefaultAttribute.createAttribute("box"));
      attributes.put("style", DefaultAttribute.createAttribute("filled"));
      attributes.put("fillcolor", DefaultAttribute.createAttribute(GraphView.colour(v.status())));
      attributes.put("tooltip", DefaultAttribute.createAttribute(v.status().label()));
      return attributes;
    });
    exporter.exportGraph(graph, out);
  }
}
