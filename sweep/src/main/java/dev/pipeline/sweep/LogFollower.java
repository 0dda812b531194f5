package dev.pipeline.sweep;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code -d}: copies what the debugged point's commands write to their log files onto the console
 * while they run (like {@code tail -f}), so the output is both shown and kept.
 */
final class LogFollower implements AutoCloseable {
  private final Map<Path, Long> offsets = new LinkedHashMap<>();
  private final PrintWriter console;
  private final Thread thread;
  private volatile boolean stop;

  LogFollower(List<Path> files, PrintWriter console) {
    // Start at the current end: a log that already exists holds earlier invocations' output.
    files.forEach(f -> offsets.putIfAbsent(f, f.toFile().length()));
    this.console = console;
    this.thread = new Thread(this::loop, "pipeline-sweep-debug-output");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (!stop) {
      drain();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Copies what is new; true when something was copied. */
  private synchronized boolean drain() {
    boolean copied = false;
    for (Map.Entry<Path, Long> e : offsets.entrySet()) {
      Path file = e.getKey();
      if (!Files.isRegularFile(file)) {
        continue;
      }
      try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
        long length = raf.length();
        if (length <= e.getValue()) {
          continue;
        }
        raf.seek(e.getValue());
        byte[] buffer = new byte[(int) Math.min(length - e.getValue(), 1 << 20)];
        raf.readFully(buffer);
        int complete = completeUtf8(buffer);
        if (complete == 0) {
          continue;
        }
        console.print(new String(buffer, 0, complete, StandardCharsets.UTF_8));
        console.flush();
        e.setValue(e.getValue() + complete);
        copied = true;
      } catch (IOException ignored) {
        // Shown on the next pass, or read from the log file afterwards.
      }
    }
    return copied;
  }

  /** The length of {@code b} without a trailing, incomplete UTF-8 sequence. */
  static int completeUtf8(byte[] b) {
    int n = b.length;
    int i = n - 1;
    int continuation = 0;
    while (i >= 0 && (b[i] & 0xC0) == 0x80 && continuation < 3) {
      i--;
      continuation++;
    }
    if (i < 0) {
      return n;
    }
    int lead = b[i] & 0xFF;
    int needed = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
    return needed > continuation ? i : n;
  }

  /** Stops following after copying whatever is left. */
  @Override
  public void close() {
    stop = true;
    thread.interrupt();
    try {
      thread.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    while (drain()) {
      // until everything written so far is shown
    }
  }
}
