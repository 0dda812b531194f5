package dev.pipeline.api.error;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IoFaultsTest {
  @TempDir Path dir;

  @Test
  void osReasonBecomesWords() {
    var e = new FileSystemException("/x/out", null, "Read-only file system");
    assertEquals("cannot write /x/out: read-only file system", IoFaults.describe("write", e));
  }

  @Test
  void faultsTheJdkNamesByClassGetWordsToo() {
    assertEquals("cannot read /x: no such file or directory",
        IoFaults.describe("read", new NoSuchFileException("/x")));
    assertEquals("cannot write /x: permission denied",
        IoFaults.describe("write", new AccessDeniedException("/x")));
  }

  @Test
  void aRealFaultUnderAFile_namesThePathAndTheCause() throws IOException {
    Path file = Files.writeString(dir.resolve("afile"), "x");
    IOException e = null;
    try {
      Files.writeString(file.resolve("out"), "y");
    } catch (IOException thrown) {
      e = thrown;
    }
    assertEquals("cannot write " + file.resolve("out") + ": not a directory",
        IoFaults.describe("write", new UncheckedIOException(e)));
  }

  @Test
  void plainIoExceptionKeepsItsMessage() {
    assertEquals("cannot write: no space left on device",
        IoFaults.describe("write", new IOException("No space left on device")));
    assertEquals("no space left on device", IoFaults.cause(new IOException("No space left on device")));
  }
}
