package dev.pipeline.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
  @TempDir Path dir;

  @Test
  void floatArrayWrittenInChunksReadsBack() throws IOException {
    Path f = dir.resolve("a.npy");
    try (NpyWriter w = NpyWriter.float32(f, 2, 3)) {
      w.write(new float[] {1, 2});
      w.write(new double[] {3, 4, 5, 6});
    }
    byte[] bytes = Files.readAllBytes(f);
    int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
    assertEquals(0, (10 + headerLength) % 64, "data start 64-byte aligned");
    String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
    assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"), header);
    try (NpyReader r = new NpyReader(f)) {
      assertArrayEquals(new long[] {2, 3}, r.shape());
      assertArrayEquals(new double[] {4, 5, 6}, r.doubles(3, 3));
    }
  }

  @Test
  void wrongCountFailsOnClose() {
    assertThrows(IOException.class, () -> {
      try (NpyWriter w = NpyWriter.float32(dir.resolve("b.npy"), 4)) {
        w.write(new float[] {1});
      }
    });
  }

  @Test
  void recordTableGrowsAndKeepsHeaderLength() throws IOException {
    Path f = dir.resolve("t.npy");
    try (NpyWriter w = NpyWriter.records(f, List.of(NpyWriter.Field.i8("index"), NpyWriter.Field.f8("x")))) {
      for (int i = 0; i < 1000; i++) {
        w.writeRecord(i, i / 2.0);
      }
    }
    assertEquals(64 * ((Files.size(f) - 16000) / 64), Files.size(f) - 16000);
    Map<String, double[]> t = NpyReader.readTable(f);
    assertEquals(1000, t.get("index").length);
    assertEquals(999, t.get("index")[999]);
    assertEquals(499.5, t.get("x")[999]);
    String header = new String(Files.readAllBytes(f), 10, 100, StandardCharsets.US_ASCII);
    assertTrue(header.contains("[('index', '<i8'), ('x', '<f8')]") && header.contains("(1000,)"), header);
  }

  @Test
  void growingPlainArrayCountsRows() throws IOException {
    Path f = dir.resolve("g.npy");
    try (NpyWriter w = NpyWriter.float32(f, -1, 2)) {
      w.write(new float[] {1, 2, 3, 4, 5, 6});
    }
    try (NpyReader r = new NpyReader(f)) {
      assertArrayEquals(new long[] {3, 2}, r.shape());
    }
  }
}
