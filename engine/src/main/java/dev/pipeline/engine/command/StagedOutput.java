package dev.pipeline.engine.command;

import dev.pipeline.api.targets.DirectoryTarget;
import dev.pipeline.api.targets.FileTarget;
import dev.pipeline.api.targets.Staged;
import dev.pipeline.api.targets.Target;
import dev.pipeline.api.targets.local.LocalFileTarget;
import dev.pipeline.api.targets.local.LocalPaths;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An output a command writes at a temporary path, published only after the command succeeded. A
 * file is written as {@code .NAME.tmp-PID-N.d/NAME}: inside a hidden staging directory but under
 * its real name, because programs pick formats by extension ({@code numpy.save} appends
 * {@code .npy} to anything else). A directory is written at the target's staged directory.
 */
final class StagedOutput implements Closeable {
  private final Staged staged;
  private final Path holder;
  private final Path path;
  private final String placeholder;
  private final Target target;

  private StagedOutput(Target target, Staged staged, Path holder, Path path, String placeholder) {
    this.target = target;
    this.staged = staged;
    this.holder = holder;
    this.path = path;
    this.placeholder = placeholder;
  }

  /** Stages {@code target}, or empty for a kind of target that cannot be staged. */
  static Optional<StagedOutput> of(Target target, String placeholder) throws IOException {
    if (target instanceof DirectoryTarget d) {
      Staged s = d.stage();
      return Optional.of(new StagedOutput(target, s, null, s.path(), placeholder));
    }
    if (!(target instanceof FileTarget f)) {
      return Optional.empty();
    }
    Staged s = f.stage();
    try {
      Path holder = s.path().resolveSibling(s.path().getFileName() + ".d");
      Files.createDirectory(holder);
      return Optional.of(new StagedOutput(target, s, holder, holder.resolve(fileName(f)), placeholder));
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** Where the command writes. */
  Path path() {
    return path;
  }

  /** Why the output cannot be published (the command did not write it), or empty. */
  Optional<String> missing() {
    if (Files.exists(path)) {
      return Optional.empty();
    }
    String wrote = "";
    if (holder != null) {
      try (Stream<Path> files = Files.list(holder)) {
        List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
        wrote = names.isEmpty() ? "" : "; it wrote " + String.join(", ", names) + " instead";
      } catch (IOException ignored) {
        // Only decorates the message.
      }
    }
    return Optional.of("did not write " + placeholder + " (" + path + " for " + target.uri() + ")"
        + wrote);
  }

  /** Moves what the command wrote to the target's location, atomically. */
  void commit() throws IOException {
    if (holder != null) {
      Files.move(path, staged.path(), StandardCopyOption.ATOMIC_MOVE);
    }
    staged.commit();
  }

  /** Deletes whatever was not committed. */
  @Override
  public void close() throws IOException {
    try {
      if (holder != null) {
        LocalPaths.deleteRecursively(holder);
      }
    } finally {
      staged.close();
    }
  }

  private static String fileName(FileTarget f) {
    if (f instanceof LocalFileTarget local) {
      return local.path().getFileName().toString();
    }
    String uri = f.uri();
    return uri.substring(uri.lastIndexOf('/') + 1);
  }
}
