package dev.pipeline.engine.executor.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimestampedLogSinkTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final TimestampedLogSink sink = new TimestampedLogSink(out, null);

  private void write(String s) throws Exception {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    // in two pieces, split inside a line, as a network read may deliver it
    sink.write(b, 0, b.length / 2);
    sink.write(b, b.length / 2, b.length - b.length / 2);
  }

  @Test
  void stripsTimestamps_andWritesWholeLines() throws Exception {
    write("2026-01-01T10:00:00.100000000Z epoch 1\n2026-01-01T10:00:00.200000000Z epoch 2\n");
    assertEquals("epoch 1\nepoch 2\n", out.toString(StandardCharsets.UTF_8));
    assertEquals(Instant.parse("2026-01-01T10:00:00.2Z"), sink.last());
  }

  @Test
  void aResumedStream_repeatingItsSecond_writesEachLineOnce() throws Exception {
    write("2026-01-01T10:00:00.100Z a\n2026-01-01T10:00:00.200Z b\n2026-01-01T10:00:01.5Z half a li");
    sink.discardPartial(); // the stream broke here
    // resumed with sinceTime=10:00:00 (second resolution): the kubelet repeats a and b
    write("2026-01-01T10:00:00.100Z a\n2026-01-01T10:00:00.200Z b\n2026-01-01T10:00:01.5Z half a line\n");
    assertEquals("a\nb\nhalf a line\n", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void anUnfinishedLastLine_isWrittenWhenTheContainerEnded() throws Exception {
    write("2026-01-01T10:00:00Z done without newline");
    assertEquals("", out.toString(StandardCharsets.UTF_8));
    sink.flushPartial();
    assertEquals("done without newline\n", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void linesWithoutATimestamp_passThrough() throws Exception {
    write("plain line\n");
    assertEquals("plain line\n", out.toString(StandardCharsets.UTF_8));
  }
}
