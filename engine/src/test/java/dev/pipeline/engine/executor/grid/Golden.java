package dev.pipeline.engine.executor.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares generated text with a file under {@code src/test/resources}. Run with {@code
 * -Dgolden.update=true} to rewrite the files after an intended change (then review the diff).
 */
public final class Golden {
  private Golden() {}

  public static void assertMatches(String resource, String actual) throws IOException {
    if (Boolean.getBoolean("golden.update")) {
      Path file = Path.of("src/test/resources", resource);
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual);
      return;
    }
    assertEquals(read(resource), actual, "differs from " + resource
        + " (run with -Dgolden.update=true to accept the new output)");
  }

  public static String read(String resource) throws IOException {
    try (InputStream in = Golden.class.getResourceAsStream("/" + resource)) {
      if (in == null) {
        throw new IOException("missing test resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Machine-specific parts of generated files, replaced by stable names. */
  public static String normalise(String text, Path root) {
    return text.replace(root.toString(), "$ROOT")
        .replaceAll("job-wrapper-[0-9a-f]+\\.sh", "job-wrapper-HASH.sh")
        .replaceAll("(\\$ROOT/\\.pipeline/jobs/\\w+/[\\w.-]+)-[0-9a-z]+-(\\d+)", "$1-STAMP-$2");
  }
}
