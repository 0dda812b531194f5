package dev.pipeline.engine.inspect;

import dev.pipeline.api.error.UsageException;
import java.io.PrintWriter;
import java.util.Locale;

/** Output formats of {@code pipeline graph}. */
public enum GraphFormat {
  DOT,
  MERMAID;

  public static GraphFormat parse(String text) {
    for (GraphFormat f : values()) {
      if (f.name().equalsIgnoreCase(text.strip())) {
        return f;
      }
    }
    throw new UsageException("--format: unknown format '" + text + "'; use dot or mermaid");
  }

  /** Writes the shown part of {@code tree} in this format. */
  public void write(DependencyTree tree, PrintWriter out) {
    var graph = GraphView.of(tree);
    if (this == DOT) {
      DotWriter.write(graph, out);
    } else {
      MermaidWriter.write(graph, out);
    }
    out.flush();
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
