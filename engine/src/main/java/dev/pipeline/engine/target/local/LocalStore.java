package dev.pipeline.engine.target.local;

import dev.pipeline.engine.target.Target;
import dev.pipeline.engine.target.TargetStore;
import java.io.IOException;
import java.nio.file.Files;
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
    // Grouped by the parent's text: paths are absolute and normalised, and Path.toString() is
    // cached, so this costs no Path object per target (it runs for every output of a level).
    Map<String, List<Integer>> byParent = new HashMap<>();
    for (int i = 0; i < targets.size(); i++) {
      String path = pathOf(targets.get(i)).toString();
      byParent.computeIfAbsent(parentOf(path), k -> new ArrayList<>()).add(i);
    }
    for (Map.Entry<String, List<Integer>> group : byParent.entrySet()) {
      List<Integer> indices = group.getValue();
      if (indices.size() < LISTING_THRESHOLD) {
        for (int i : indices) {
          out[i] = targets.get(i).exists();
        }
        continue;
      }
      Set<String> names = list(Path.of(group.getKey()));
      for (int i : indices) {
        Target t = targets.get(i);
        String path = pathOf(t).toString();
        // A directory target must be a directory; a listing cannot tell, so confirm hits with stat.
        out[i] = names.contains(path.substring(path.lastIndexOf('/') + 1))
            && (!(t instanceof LocalDirectoryTarget) || t.exists());
      }
    }
    return out;
  }

  private static String parentOf(String absolutePath) {
    int slash = absolutePath.lastIndexOf('/');
    return slash <= 0 ? "/" : absolutePath.substring(0, slash);
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

  /** Names in {@code dir}; File.list returns plain strings, without a Path object per entry. */
  private static Set<String> list(Path dir) {
    String[] entries = dir.toFile().list();
    if (entries == null) {
      if (Files.isDirectory(dir)) {
        throw new java.io.UncheckedIOException(new IOException("cannot list " + dir));
      }
      return Set.of();
    }
    Set<String> names = new HashSet<>(entries.length * 2);
    for (String name : entries) {
      names.add(name);
    }
    return names;
  }
}
