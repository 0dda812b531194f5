package dev.pipeline.engine.target.local;

import dev.pipeline.engine.target.Target;
import dev.pipeline.engine.target.TargetStore;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Local file system. Asked about many siblings, it lists their directory once (one getdents pass)
 * instead of one stat per file; below {@link #LISTING_THRESHOLD} siblings a stat is cheaper.
 */
public final class LocalStore implements TargetStore {
  public static final LocalStore INSTANCE = new LocalStore();
  static final int LISTING_THRESHOLD = 32;

  private LocalStore() {}

  @Override
  public boolean[] exists(List<? extends Target> targets) {
    boolean[] out = new boolean[targets.size()];
    Map<Path, List<Integer>> byParent = new HashMap<>();
    for (int i = 0; i < targets.size(); i++) {
      Path path = pathOf(targets.get(i));
      byParent.computeIfAbsent(path.getParent(), k -> new ArrayList<>()).add(i);
    }
    for (Map.Entry<Path, List<Integer>> group : byParent.entrySet()) {
      List<Integer> indices = group.getValue();
      if (indices.size() < LISTING_THRESHOLD) {
        for (int i : indices) {
          out[i] = targets.get(i).exists();
        }
        continue;
      }
      Set<String> names = list(group.getKey());
      for (int i : indices) {
        Target t = targets.get(i);
        // A directory target must be a directory; a listing cannot tell, so confirm hits with stat.
        out[i] =
            names.contains(pathOf(t).getFileName().toString())
                && (!(t instanceof LocalDirectoryTarget) || t.exists());
      }
    }
    return out;
  }

  private static Path pathOf(Target t) {
    if (t instanceof LocalFileTarget f) {
      return f.path();
    }
    if (t instanceof LocalDirectoryTarget d) {
      return d.path();
    }
    throw new IllegalArgumentException("not a local target: " + t.uri());
  }

  private static Set<String> list(Path dir) {
    Set<String> names = new HashSet<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        names.add(p.getFileName().toString());
      }
    } catch (NoSuchFileException e) {
      return Set.of();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    return names;
  }
}
