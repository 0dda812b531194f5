package dev.pipeline.api.targets.s3;

import dev.pipeline.api.targets.Staged;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A local staging area for an S3 output: a private temporary directory; commit uploads it.
 * Nothing reaches the bucket before commit, so an abandoned write leaves nothing there.
 */
final class S3Staging implements Staged {
  interface Upload {
    void run() throws IOException;
  }

  private final Path dir;
  private final Path path;
  private final Upload upload;
  private boolean committed;

  S3Staging(Path dir, Path path, Upload upload) {
    this.dir = dir;
    this.path = path;
    this.upload = upload;
  }

  static Path newDirectory(String name) throws IOException {
    String base = System.getenv("PIPELINE_TMPDIR");
    Path root = Path.of(base != null && !base.isBlank() ? base : System.getProperty("java.io.tmpdir"));
    Files.createDirectories(root);
    return Files.createTempDirectory(root, "pipeline-s3-" + name.replaceAll("[^A-Za-z0-9._-]", "_") + "-");
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public void commit() throws IOException {
    if (committed) {
      return;
    }
    upload.run();
    committed = true;
  }

  @Override
  public void close() throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
