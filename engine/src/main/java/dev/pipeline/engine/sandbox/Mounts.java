package dev.pipeline.engine.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The directories a sandboxed command must see at their host paths: the run directory, the
 * workdir and, for every path a placeholder gave it, the nearest directory that exists (so a
 * staged output's temporary directory, created next to the output, is inside a mount and its
 * rename into place stays atomic). Nested directories collapse into the outer one.
 */
public final class Mounts {
  private Mounts() {}

  /**
   * @param fixed directories mounted whatever the command names (run directory, workdir)
   * @param named values of the command's placeholders; the absolute paths among them count
   */
  public static List<Path> of(Collection<Path> fixed, Collection<String> named) {
    TreeSet<Path> dirs = new TreeSet<>();
    for (Path p : fixed) {
      dirs.add(p.toAbsolutePath().normalize());
    }
    for (String value : named) {
      if (value.startsWith("/")) {
        directoryOf(Path.of(value).normalize()).ifPresent(dirs::add);
      }
    }
    List<Path> out = new ArrayList<>();
    for (Path d : dirs) {
      if (out.isEmpty() || !d.startsWith(out.get(out.size() - 1))) {
        out.add(d);
      }
    }
    return out;
  }

  private static java.util.Optional<Path> directoryOf(Path path) {
    Path d = Files.isDirectory(path) ? path : path.getParent();
    while (d != null && !Files.isDirectory(d)) {
      d = d.getParent();
    }
    // Never the whole host file system: "/" would shadow the image's own.
    return d == null || d.getParent() == null ? java.util.Optional.empty()
        : java.util.Optional.of(d);
  }

  /** {@code SRC:SRC} for each directory, then the configured mounts as written. */
  static List<String> volumes(List<Path> mounts, List<String> configured) {
    List<String> out = new ArrayList<>();
    for (Path p : mounts) {
      out.add(p + ":" + p);
    }
    for (String m : configured) {
      out.add(m.contains(":") ? m : m + ":" + m);
    }
    return out;
  }
}
