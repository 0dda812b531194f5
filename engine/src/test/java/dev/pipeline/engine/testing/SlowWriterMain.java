package dev.pipeline.engine.testing;

import dev.pipeline.api.targets.Staged;
import dev.pipeline.api.targets.local.LocalDirectoryTarget;
import dev.pipeline.api.targets.local.LocalFileTarget;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes an output slowly through the engine's atomic targets, for kill tests:
 *
 * <pre>SlowWriterMain file PATH   (LocalFileTarget.write, 1 KiB every 20 ms, forever)
 * SlowWriterMain dir PATH    (LocalDirectoryTarget.stage, one file every 20 ms, forever)</pre>
 */
public final class SlowWriterMain {
  private SlowWriterMain() {}

  public static void main(String[] args) throws Exception {
    Path path = Path.of(args[1]);
    byte[] chunk = new byte[1024];
    java.util.Arrays.fill(chunk, (byte) 'x');
    if (args[0].equals("file")) {
      LocalFileTarget.of(path).write(out -> writeForever(out, chunk));
    } else {
      try (Staged staged = LocalDirectoryTarget.of(path).stage()) {
        for (int i = 0; ; i++) {
          Files.write(staged.path().resolve("part-" + i), chunk);
          Thread.sleep(20);
        }
      }
    }
  }

  private static void writeForever(OutputStream out, byte[] chunk) throws java.io.IOException {
    try {
      while (true) {
        out.write(chunk);
        out.flush();
        Thread.sleep(20);
      }
    } catch (InterruptedException e) {
      throw new java.io.InterruptedIOException();
    }
  }
}
