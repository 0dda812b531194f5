package dev.pipeline.engine.runview;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pipeline.engine.journal.JournalRecord;
import dev.pipeline.engine.journal.JournalWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the journal of a run directory, which another process may still be writing: each
 * {@link #poll()} reads the bytes appended since the last one and applies the complete lines to
 * the {@link RunModel} of their run. A line cut off by a crash (never followed by a newline, or
 * unreadable) is skipped, as {@code JournalReader} does. A journal that shrank was replaced: it
 * is read again from the start.
 */
public final class JournalTail {
  private static final Logger LOG = LoggerFactory.getLogger(JournalTail.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CHUNK = 1 << 22;

  private final Path runDirectory;
  private final Path file;
  private final Map<String, RunModel> runs = new LinkedHashMap<>();
  private long offset;
  private byte[] partial = new byte[0];

  public JournalTail(Path runDirectory) {
    this.runDirectory = runDirectory;
    this.file = JournalWriter.fileIn(runDirectory);
  }

  public Path runDirectory() {
    return runDirectory;
  }

  /** Reads what was appended since the last poll; true when a record was applied. */
  public synchronized boolean poll() {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size < offset) {
        LOG.info("journal {} shrank: reading it again from the start", file);
        offset = 0;
        partial = new byte[0];
        runs.clear();
      }
      boolean applied = false;
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(1, size - offset)));
      while (offset < size) {
        buffer.clear();
        int n = channel.read(buffer, offset);
        if (n <= 0) {
          break;
        }
        offset += n;
        applied |= lines(buffer.array(), n);
      }
      return applied;
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      LOG.warn("cannot read the journal {}: {}", file, e.getMessage());
      return false;
    }
  }

  /** Applies every complete line of {@code partial + bytes[0, n)}; keeps the rest. */
  private boolean lines(byte[] bytes, int n) {
    byte[] data = partial.length == 0 ? bytes : concat(partial, bytes, n);
    int length = partial.length == 0 ? n : partial.length + n;
    boolean applied = false;
    int start = 0;
    for (int i = 0; i < length; i++) {
      if (data[i] == '\n') {
        applied |= apply(data, start, i - start);
        start = i + 1;
      }
    }
    partial = java.util.Arrays.copyOfRange(data, start, length);
    return applied;
  }

  private static byte[] concat(byte[] head, byte[] tail, int n) {
    byte[] out = java.util.Arrays.copyOf(head, head.length + n);
    System.arraycopy(tail, 0, out, head.length, n);
    return out;
  }

  private boolean apply(byte[] data, int start, int length) {
    if (length == 0) {
      return false;
    }
    JournalRecord r;
    try {
      r = JSON.readValue(data, start, length, JournalRecord.class);
    } catch (IOException e) {
      LOG.debug("journal {}: skipping an unreadable (torn) line", file);
      return false;
    }
    if (r.type() == null || r.run() == null || "torn_line".equals(r.type())) {
      return false;
    }
    runs.computeIfAbsent(r.run(), RunModel::new).apply(r);
    return true;
  }

  /** The runs read so far, in journal order. */
  public synchronized List<RunModel> runs() {
    return new ArrayList<>(runs.values());
  }
}
