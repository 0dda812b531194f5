package dev.pipeline.engine.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The central invariant on the job side: only a complete exit-code file (a number and a newline,
 * as the wrapper writes it) is an outcome; an empty or torn one is never a success.
 */
class ExitCodeFileTest {
  @TempDir Path dir;

  private OptionalInt read(String content) throws Exception {
    Path file = dir.resolve("job.exitcode");
    Files.writeString(file, content);
    return ExitCodeFile.read(file);
  }

  @Test
  void completeFile_isTheOutcome() throws Exception {
    assertEquals(OptionalInt.of(0), read("0\n"));
    assertEquals(OptionalInt.of(137), read("137\n"));
  }

  @Test
  void emptyFile_isNoOutcome() throws Exception {
    assertEquals(OptionalInt.empty(), read(""));
    assertEquals(OptionalInt.empty(), read("\n"));
  }

  @Test
  void tornFile_withoutItsNewline_isNoOutcome() throws Exception {
    // "0" may be the first byte of "0\n" or of a longer code, cut by a crash or a full disk.
    assertEquals(OptionalInt.empty(), read("0"));
    assertEquals(OptionalInt.empty(), read("13"));
  }

  @Test
  void garbage_isNoOutcome() throws Exception {
    assertEquals(OptionalInt.empty(), read("ok\n"));
    assertEquals(OptionalInt.empty(), read("0\n0\n"));
    assertEquals(OptionalInt.empty(), read("\u0000\u0000\n"));
  }

  @Test
  void missingFile_isNoOutcome() {
    assertEquals(OptionalInt.empty(), ExitCodeFile.read(dir.resolve("absent")));
  }
}
