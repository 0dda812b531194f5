package dev.pipeline.engine.inspect;

import dev.pipeline.api.Published;
import dev.pipeline.api.TaskId;
import dev.pipeline.engine.journal.PublishManifest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The items that tasks of a status tree published while they ran (their manifests in {@code
 * .pipeline/published/}), one line per producer: how many, and the last few names. Only families
 * with a manifest directory are looked at, so a large tree costs one directory listing.
 */
public final class PublishedReport {
  private static final int SHOWN = 5;

  private PublishedReport() {}

  public static void print(DependencyTree tree, Path runDirectory, PrintWriter out) {
    Path root = runDirectory.resolve(".pipeline").resolve("published");
    if (!Files.isDirectory(root)) {
      return;
    }
    Set<String> families;
    try (Stream<Path> s = Files.list(root)) {
      families = s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    } catch (IOException e) {
      out.println("published items: cannot read " + root + ": " + e.getMessage());
      return;
    }
    for (TreeNode n : tree.nodes()) {
      TaskId id = n.task().id();
      if (!families.contains(id.family())) {
        continue;
      }
      try {
        List<Published> items = PublishManifest.read(PublishManifest.fileOf(runDirectory, id));
        if (!items.isEmpty()) {
          out.println(line(id, items));
        }
      } catch (IOException e) {
        out.println("published by " + id.canonical() + ": cannot read: " + e.getMessage());
      }
    }
    out.flush();
  }

  /** {@code published by Train(...): 3 items: step-20, step-40, step-60 (last: PATH)}. */
  static String line(TaskId id, List<Published> items) {
    List<String> names = items.stream().map(Published::name).toList();
    String shown = names.size() <= SHOWN ? String.join(", ", names)
        : "..., " + String.join(", ", names.subList(names.size() - SHOWN, names.size()));
    return "published by " + id.canonical() + ": " + items.size()
        + (items.size() == 1 ? " item: " : " items: ") + shown + " (last: "
        + items.get(items.size() - 1).path() + ")";
  }
}
