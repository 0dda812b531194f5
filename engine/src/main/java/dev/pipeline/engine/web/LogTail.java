package dev.pipeline.engine.web;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A piece of a task's log for a page that follows it: from a byte offset (or, the first time, the
 * last 64 KiB), at most 256 KiB per answer, and the offset to ask from next.
 */
final class LogTail {
  static final int FIRST = 64 * 1024;
  static final int MAX = 256 * 1024;

  private LogTail() {}

  /** {@code from} -1: the end of the log. Only the log the journal recorded for the task is read. */
  static Map<String, Object> read(String log, long from) throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("path", log);
    if (log == null || !Files.isRegularFile(Path.of(log))) {
      out.put("text", "");
      out.put("next", 0);
      out.put("missing", true);
      return out;
    }
    try (RandomAccessFile file = new RandomAccessFile(log, "r")) {
      long size = file.length();
      long start = from < 0 ? Math.max(0, size - FIRST) : Math.min(from, size);
      int length = (int) Math.min(MAX, size - start);
      byte[] bytes = new byte[length];
      file.seek(start);
      file.readFully(bytes);
      out.put("from", start);
      out.put("next", start + length);
      out.put("size", size);
      out.put("text", new String(bytes, StandardCharsets.UTF_8));
    }
    return out;
  }
}
