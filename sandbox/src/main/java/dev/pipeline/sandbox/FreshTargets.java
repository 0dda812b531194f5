package dev.pipeline.sandbox;

import dev.pipeline.api.targets.DirectoryTarget;
import dev.pipeline.api.targets.FileTarget;
import dev.pipeline.api.targets.Staged;
import dev.pipeline.api.targets.Target;
import dev.pipeline.api.targets.TargetStore;
import dev.pipeline.api.targets.local.LocalDirectoryTarget;
import dev.pipeline.api.targets.local.LocalFileTarget;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * Local targets that also require their inputs, make-style: an output counts as existing only if
 * its file exists, every upstream output exists (recursively, by the same rule) and none of them
 * is newer than it.
 *
 * <p>Why: the engine treats a complete task as a leaf and never looks below it, so with plain file
 * targets deleting {@code train/model.bin} would rerun nothing (Export's files still exist). With
 * these, removing or replacing any artefact makes everything downstream of it incomplete, and only
 * that: the data sets above it stay complete. Writes still go through the engine's atomic local
 * targets (their {@code stage()} delegates).
 */
final class FreshTargets {
  private FreshTargets() {}

  static final TargetStore STORE =
      targets -> {
        boolean[] out = new boolean[targets.size()];
        for (int i = 0; i < out.length; i++) {
          out[i] = targets.get(i).exists();
        }
        return out;
      };

  /** What file and directory outputs share: existence with freshness, everything else delegated. */
  abstract static class Fresh<L extends Target> implements Target {
    final L local;
    private final Supplier<List<Target>> upstream;

    Fresh(L local, Supplier<List<Target>> upstream) {
      this.local = local;
      this.upstream = upstream;
    }

    abstract Path path();

    @Override
    public boolean exists() {
      return local.exists() && upToDate(path(), upstream.get());
    }

    @Override
    public String uri() {
      return local.uri();
    }

    @Override
    public void remove() throws IOException {
      local.remove();
    }

    @Override
    public TargetStore store() {
      return STORE;
    }

    @Override
    public boolean equals(Object o) {
      return o != null && o.getClass() == getClass() && ((Fresh<?>) o).local.equals(local);
    }

    @Override
    public int hashCode() {
      return local.hashCode();
    }
  }

  /** A file output of a task whose inputs are {@code upstream}. */
  static final class File extends Fresh<LocalFileTarget> implements FileTarget {
    File(LocalFileTarget local, Supplier<List<Target>> upstream) {
      super(local, upstream);
    }

    @Override
    Path path() {
      return local.path();
    }

    @Override
    public InputStream read() throws IOException {
      return local.read();
    }

    @Override
    public Staged stage() throws IOException {
      return local.stage();
    }
  }

  /** A directory output that appears whole (staged sibling renamed on commit). */
  static final class Directory extends Fresh<LocalDirectoryTarget> implements DirectoryTarget {
    Directory(LocalDirectoryTarget local, Supplier<List<Target>> upstream) {
      super(local, upstream);
    }

    @Override
    Path path() {
      return local.path();
    }

    @Override
    public Staged stage() throws IOException {
      return local.stage();
    }
  }

  static Path pathOf(Target t) {
    if (t instanceof Fresh<?> f) {
      return f.path();
    }
    if (t instanceof LocalFileTarget f) {
      return f.path();
    }
    if (t instanceof LocalDirectoryTarget d) {
      return d.path();
    }
    return null;
  }

  /** Every upstream target exists and none is newer than {@code own} (equal times are fine). */
  static boolean upToDate(Path own, List<Target> upstream) {
    try {
      long mine = Files.getLastModifiedTime(own).toMillis();
      for (Target t : upstream) {
        if (!t.exists()) {
          return false;
        }
        Path p = pathOf(t);
        if (p != null && Files.getLastModifiedTime(p).toMillis() > mine) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false; // vanished between the checks: not complete
    }
  }
}
