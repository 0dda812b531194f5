package dev.pipeline.engine.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log tail that failure messages end with. */
class TaskLogTest {
  @TempDir Path tmp;

  private String tail(String log, int n) throws IOException {
    Path file = tmp.resolve("t.log");
    Files.writeString(file, log);
    return TaskLog.tail(file, n);
  }

  @Test
  void tail_lastNonBlankLines() throws IOException {
    assertEquals("c\nd", tail("a\nb\n\nc\n  \nd\n\n", 2));
  }

  @Test
  void tail_keepsOnlyTheLastDrawingOfAProgressBar() throws IOException {
    assertEquals("epoch 1\n100% done\nloss 0.1",
        tail("epoch 1\n 10%\r 50%\r100% done\r\nloss 0.1\n", 3));
  }

  @Test
  void tail_shortensVeryLongLinesFromTheFront() throws IOException {
    String line = "x".repeat(1000) + "END";
    assertEquals("..." + "x".repeat(397) + "END", tail(line + "\n", 1));
  }

  @Test
  void tail_noFile() {
    assertEquals("", TaskLog.tail(tmp.resolve("none.log"), 10));
  }
}
