package dev.pipeline.engine.journal;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * A journal whose last line was cut off (a writer killed mid-write, or a full disk) is repaired by
 * the next writer: it ends the torn line and appends a {@value #TYPE} record right after it, in one
 * write, so that readers know the line before the marker is a known torn line to skip, not
 * corruption, and every record before it is kept. Nothing is truncated: another engine process may
 * be appending to the same file.
 */
final class TornTail {
  /** The {@code type} of the marker record. */
  static final String TYPE = "torn_line";

  private TornTail() {}

  /** Whether {@code file} is non-empty and does not end with a newline. */
  static boolean isTorn(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size == 0) {
        return false;
      }
      ByteBuffer last = ByteBuffer.allocate(1);
      channel.read(last, size - 1);
      return last.get(0) != '\n';
    }
  }

  /** Ends the torn line and marks it; {@code out} appends to the journal. */
  static void repair(FileOutputStream out, Instant now) throws IOException {
    String marker = "\n{\"type\":\"" + TYPE + "\",\"time\":\"" + now + "\",\"message\":\"the line"
        + " before was cut off (a crash or a full disk while writing) and is skipped\"}\n";
    out.write(marker.getBytes(StandardCharsets.UTF_8));
  }
}
