package dev.pipeline.api.targets.local;

import dev.pipeline.api.targets.DirectoryTarget;
import dev.pipeline.api.targets.Staged;
import dev.pipeline.api.targets.TargetStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A directory built in a hidden sibling and renamed into place when complete. */
public record LocalDirectoryTarget(Path path) implements DirectoryTarget {

  public LocalDirectoryTarget {
    path = path.toAbsolutePath().normalize();
  }

  public static LocalDirectoryTarget of(Path path) {
    return new LocalDirectoryTarget(path);
  }

  /** A file inside the directory (to read once the directory exists). */
  public LocalFileTarget child(String name) {
    return new LocalFileTarget(path.resolve(name));
  }

  @Override
  public boolean exists() {
    return Files.isDirectory(path);
  }

  @Override
  public String uri() {
    return path + "/";
  }

  @Override
  public void remove() throws IOException {
    LocalPaths.deleteRecursively(path);
  }

  @Override
  public TargetStore store() {
    return LocalStore.INSTANCE;
  }

  @Override
  public String fingerprint() {
    return LocalFingerprints.directory(path);
  }

  @Override
  public Staged stage() throws IOException {
    return LocalStaged.directory(path);
  }
}
