package dev.pipeline.api.targets.s3;

import dev.pipeline.api.targets.FileTarget;
import dev.pipeline.api.targets.Staged;
import dev.pipeline.api.targets.TargetStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * One S3 object. Written through a local staging file that is uploaded on commit (S3 makes an
 * object visible only when its PUT or multipart upload completes); read as a stream.
 */
public final class S3FileTarget implements FileTarget {
  private final S3Store store;
  private final S3Uri location;

  S3FileTarget(S3Store store, S3Uri location) {
    if (location.key().isEmpty() || location.key().endsWith("/")) {
      throw new IllegalArgumentException("an S3 file target needs an object key: " + location);
    }
    this.store = store;
    this.location = location;
  }

  public S3Uri location() {
    return location;
  }

  @Override
  public boolean exists() {
    return store.head(location);
  }

  @Override
  public String uri() {
    return location.toString();
  }

  @Override
  public void remove() throws IOException {
    store.delete(location);
  }

  @Override
  public TargetStore store() {
    return store;
  }

  /** The object's ETag and size (one HEAD request). */
  @Override
  public String fingerprint() {
    return store.fingerprint(location, false);
  }

  @Override
  public InputStream read() throws IOException {
    return store.get(location);
  }

  /** Downloads the object to a local file (for readers that need a path). */
  public void download(Path to) throws IOException {
    try (InputStream in = read()) {
      Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Override
  public Staged stage() throws IOException {
    Path dir = S3Staging.newDirectory(location.name());
    Path file = dir.resolve(location.name());
    return new S3Staging(dir, file, () -> {
      if (!Files.isRegularFile(file)) {
        throw new IOException("nothing was written to " + location + " before commit");
      }
      store.upload(file, location);
    });
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof S3FileTarget t && t.store == store && t.location.equals(location);
  }

  @Override
  public int hashCode() {
    return location.hashCode();
  }

  @Override
  public String toString() {
    return uri();
  }

  static UncheckedIOException unchecked(IOException e) {
    return new UncheckedIOException(e);
  }
}
