package dev.pipeline.engine.executor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** The job-side wrapper script ({@code templates/job-wrapper.sh}, shipped inside the jar). */
public final class JobWrapper {
  private static final String RESOURCE = "/dev/pipeline/engine/templates/job-wrapper.sh";

  private JobWrapper() {}

  public static String script() {
    try (InputStream in = JobWrapper.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("job wrapper missing from the jar: " + RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the wrapper into {@code dir} (once per content) and returns its path. */
  public static Path install(Path dir) throws IOException {
    String text = script();
    Path file = dir.resolve("job-wrapper-" + Integer.toHexString(text.hashCode()) + ".sh");
    if (!Files.exists(file)) {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".job-wrapper", ".tmp");
      Files.writeString(tmp, text);
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    }
    return file;
  }
}
