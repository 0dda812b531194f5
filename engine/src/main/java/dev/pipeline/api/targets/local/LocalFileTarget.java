package dev.pipeline.api.targets.local;

import dev.pipeline.api.targets.FileTarget;
import dev.pipeline.api.targets.Staged;
import dev.pipeline.api.targets.TargetStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A file on a local (or mounted) file system, written by stage-and-rename. */
public record LocalFileTarget(Path path) implements FileTarget {

  public LocalFileTarget {
    path = path.toAbsolutePath().normalize();
  }

  public static LocalFileTarget of(Path path) {
    return new LocalFileTarget(path);
  }

  @Override
  public boolean exists() {
    return Files.exists(path);
  }

  @Override
  public String uri() {
    return path.toString();
  }

  @Override
  public void remove() throws IOException {
    Files.deleteIfExists(path);
  }

  @Override
  public TargetStore store() {
    return LocalStore.INSTANCE;
  }

  @Override
  public String fingerprint() {
    return LocalFingerprints.file(path);
  }

  @Override
  public InputStream read() throws IOException {
    return Files.newInputStream(path);
  }

  @Override
  public Staged stage() throws IOException {
    return LocalStaged.file(path);
  }
}
