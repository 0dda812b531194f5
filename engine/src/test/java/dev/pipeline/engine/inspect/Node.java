package dev.pipeline.engine.inspect;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.Task;
import dev.pipeline.api.targets.local.LocalDirectoryTarget;
import dev.pipeline.api.targets.local.LocalFileTarget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A test family whose graph is written in its (insignificant) parameters, which flow down to its
 * requirements through req(): {@code edges} "a>b" (a requires b), {@code dynamic} "a>b" (a
 * dynamically requires b), {@code fans} "a>12" (a requires Leaf 0..11), {@code wrappers} (no
 * output) and {@code dirs} (a directory output). Output: {@code out/NAME.txt} or {@code out/NAME/}.
 */
@Family(value = "Node", description = "a node of a test graph")
public class Node extends Task {
  @Param String name = "root";
  @Param Path out;
  @Param(significant = false) List<String> edges = List.of();
  @Param(significant = false) List<String> dynamic = List.of();
  @Param(significant = false) List<String> fans = List.of();
  @Param(significant = false) List<String> wrappers = List.of();
  @Param(significant = false) List<String> dirs = List.of();

  /** The root of a graph under {@code out}. */
  static Node root(Path out, String... spec) {
    return graph("root", out, spec);
  }

  /** Node {@code name}; spec items are "edges=a>b", "fans=a>12", "wrappers=a", ... */
  static Node graph(String name, Path out, String... spec) {
    List<String> edges = new ArrayList<>();
    List<String> dynamic = new ArrayList<>();
    List<String> fans = new ArrayList<>();
    List<String> wrappers = new ArrayList<>();
    List<String> dirs = new ArrayList<>();
    for (String item : spec) {
      String value = item.substring(item.indexOf('=') + 1);
      switch (item.substring(0, item.indexOf('='))) {
        case "edges" -> edges.add(value);
        case "dynamic" -> dynamic.add(value);
        case "fans" -> fans.add(value);
        case "wrappers" -> wrappers.add(value);
        case "dirs" -> dirs.add(value);
        default -> throw new IllegalArgumentException(item);
      }
    }
    return Task.create(Node.class, "name", name, "out", out, "edges", edges, "dynamic", dynamic,
        "fans", fans, "wrappers", wrappers, "dirs", dirs);
  }

  @Override
  public Object requires() {
    List<Task> out = new ArrayList<>(children(edges));
    for (String f : fans) {
      if (f.startsWith(name + ">")) {
        int n = Integer.parseInt(f.substring(name.length() + 1));
        for (int i = 0; i < n; i++) {
          out.add(req(Leaf.class, "i", i));
        }
      }
    }
    return out;
  }

  @Override
  public Object dynamicRequires() {
    return children(dynamic);
  }

  private List<Task> children(List<String> pairs) {
    List<Task> out = new ArrayList<>();
    for (String e : pairs) {
      if (e.startsWith(name + ">")) {
        out.add(req(Node.class, "name", e.substring(name.length() + 1)));
      }
    }
    return out;
  }

  @Override
  public Object output() {
    if (wrappers.contains(name)) {
      return null;
    }
    return dirs.contains(name) ? LocalDirectoryTarget.of(out.resolve(name))
        : LocalFileTarget.of(out.resolve(name + ".txt"));
  }
}
