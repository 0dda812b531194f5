package dev.pipeline.api.targets.local;

import dev.pipeline.api.targets.Target;
import dev.pipeline.api.targets.TargetStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
    String[] paths = new String[targets.size()];
    // Grouped by the parent's text: paths are absolute and normalised, and Path.toString() is
    // cached. Siblings usually come in a row, so a group is found by comparing with the previous
    // target's parent in place, without a substring or a map lookup per target.
    Map<String, Group> byParent = new HashMap<>();
    Group group = null;
    for (int i = 0; i < paths.length; i++) {
      String path = pathOf(targets.get(i)).toString();
      paths[i] = path;
      int slash = Math.max(path.lastIndexOf('/'), 1);
      if (group == null || group.parent.length() != slash
          || !path.regionMatches(0, group.parent, 0, slash)) {
        group = byParent.computeIfAbsent(path.substring(0, slash), Group::new);
      }
      group.add(i);
    }
    for (Group g : byParent.values()) {
      if (g.size < LISTING_THRESHOLD) {
        for (int j = 0; j < g.size; j++) {
          out[g.members[j]] = targets.get(g.members[j]).exists();
        }
        continue;
      }
      Set<String> names = list(Path.of(g.parent));
      for (int j = 0; j < g.size; j++) {
        int i = g.members[j];
        Target t = targets.get(i);
        // A directory target must be a directory; a listing cannot tell, so confirm hits with stat.
        out[i] = names.contains(paths[i].substring(paths[i].lastIndexOf('/') + 1))
            && (!(t instanceof LocalDirectoryTarget) || t.exists());
      }
    }
    return out;
  }

  /** Indices of the targets under one parent directory. */
  private static final class Group {
    final String parent;
    int[] members = new int[8];
    int size;

    Group(String parent) {
      this.parent = parent;
    }

    void add(int index) {
      if (size == members.length) {
        members = Arrays.copyOf(members, size * 2);
      }
      members[size++] = index;
    }
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
        throw new UncheckedIOException(new IOException("cannot list " + dir));
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
