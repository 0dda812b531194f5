package dev.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under src/test/resources/golden/. {@code mvn test -Dgolden.update=true} rewrites
 * them from the current output; review the diff before committing it.
 */
final class Golden {
  private static final Path ROOT = Path.of("src/test/resources/golden");

  private Golden() {}

  static void assertMatches(String golden, String file, String actual) {
    Path expected = ROOT.resolve(golden).resolve(file);
    try {
      if (Boolean.getBoolean("golden.update")) {
        Files.createDirectories(expected.getParent());
        Files.writeString(expected, actual);
      }
      assertEquals(Files.readString(expected), actual,
          golden + "/" + file + " differs (mvn test -Dgolden.update=true rewrites it)");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
