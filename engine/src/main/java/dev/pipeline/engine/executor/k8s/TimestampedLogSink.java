package dev.pipeline.engine.executor.k8s;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Consumer;

/**
 * Receives a pod log requested with {@code timestamps=true} and writes it, without the
 * timestamps, to the task log line by line as it arrives. It remembers the timestamp of the last
 * line written, so that a stream resumed with {@code sinceTime} (which has second resolution and
 * so repeats the lines of that second) writes each line once.
 *
 * <p>A line that has not ended when a stream breaks is held back: the resumed stream sends it
 * again whole. {@link #flushPartial} writes it when the container has ended without a newline.
 */
final class TimestampedLogSink extends OutputStream {
  private final OutputStream taskLog;
  private final Consumer<Instant> written;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private volatile Instant last;
  private volatile long linesWritten;

  TimestampedLogSink(OutputStream taskLog, Instant after) {
    this(taskLog, after, at -> { });
  }

  /** @param written told the timestamp of each line written (for {@link PodLogCursor}) */
  TimestampedLogSink(OutputStream taskLog, Instant after, Consumer<Instant> written) {
    this.taskLog = taskLog;
    this.last = after;
    this.written = written;
  }

  /** The timestamp of the last line written (null before the first), to resume from. */
  Instant last() {
    return last;
  }

  long linesWritten() {
    return linesWritten;
  }

  @Override
  public synchronized void write(int b) throws IOException {
    if (b == '\n') {
      emit();
    } else {
      line.write(b);
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    int start = off;
    for (int i = off; i < off + len; i++) {
      if (b[i] == '\n') {
        line.write(b, start, i - start);
        emit();
        start = i + 1;
      }
    }
    line.write(b, start, off + len - start);
  }

  /** Drops what a broken stream left of an unfinished line (it comes again on resume). */
  synchronized void discardPartial() {
    line.reset();
  }

  /** Writes an unfinished last line (the container ended without a newline). */
  synchronized void flushPartial() throws IOException {
    if (line.size() > 0) {
      emit();
    }
  }

  private void emit() throws IOException {
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    int space = text.indexOf(' ');
    Instant at = space > 0 ? parse(text.substring(0, space)) : null;
    if (at != null) {
      if (last != null && !at.isAfter(last)) {
        return; // already written by an earlier stream of this pod
      }
      last = at;
      text = text.substring(space + 1);
    }
    taskLog.write((text + "\n").getBytes(StandardCharsets.UTF_8));
    taskLog.flush();
    linesWritten++;
    if (at != null) {
      written.accept(at);
    }
  }

  private static Instant parse(String s) {
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  @Override
  public synchronized void flush() throws IOException {
    taskLog.flush();
  }

  @Override
  public void close() {
    // The task log belongs to the follower, which outlives one stream.
  }
}
