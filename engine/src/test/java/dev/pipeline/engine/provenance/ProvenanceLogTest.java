package dev.pipeline.engine.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.engine.testing.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The provenance log: round trip, latest wins, removal, torn tails, and writers killed by -9. */
@Timeout(120)
class ProvenanceLogTest {
  @TempDir Path dir;

  private static ProvenanceRecord record(String output, String value) {
    return new ProvenanceRecord(output, "test.Step(value=" + value + ")", "test.Step",
        Map.of("value", value), 3, List.of(new ProvenanceRecord.Input("/in\twith tab", null),
            new ProvenanceRecord.Input("/in/b", "1:2:3")), "dev", "host", "2026-01-01T00:00:00Z");
  }

  @Test
  void records_roundTrip_latestWins_removedAreForgotten() throws IOException {
    try (ProvenanceLog log = ProvenanceLog.in(dir)) {
      log.append(List.of(record("/o/a", "1"), record("/o/b\\c", "1")));
      log.append(List.of(record("/o/a", "2")));
      log.removed(List.of("/o/b\\c"));
    }
    ProvenanceIndex index = ProvenanceLog.in(dir).read();
    assertEquals(1, index.size());
    assertNull(index.find("/o/b\\c"));
    ProvenanceIndex.Entry e = index.find("/o/a");
    assertEquals(record("/o/a", "2"), index.details(e));
    assertEquals(record("/o/a", "2").taskHash(), e.taskHash());
    assertEquals(record("/o/a", "2").inputsHash(), e.inputsHash());
    assertEquals(0, index.skipped());
  }

  @Test
  void tornLastLine_isSkipped_andTheNextWriterEndsItBeforeAppending() throws IOException {
    try (ProvenanceLog log = ProvenanceLog.in(dir)) {
      log.append(List.of(record("/o/a", "1")));
    }
    Path file = dir.resolve(ProvenanceLog.FILE);
    String whole = Files.readString(file);
    // A writer that died mid-line (a full disk; a crash of the machine): half a record, no newline.
    Files.writeString(file, whole.substring(0, whole.length() / 2), StandardOpenOption.APPEND);
    ProvenanceIndex torn = ProvenanceLog.in(dir).read();
    assertEquals(1, torn.size());
    assertEquals(1, torn.skipped());
    try (ProvenanceLog log = ProvenanceLog.in(dir)) {
      log.append(List.of(record("/o/b", "1")));
    }
    ProvenanceIndex repaired = ProvenanceLog.in(dir).read();
    assertEquals(2, repaired.size());
    assertEquals(1, repaired.skipped(), "the torn line fails its checksum; nothing else is lost");
  }

  @Test
  void corruptedLine_failsItsChecksum_andOnlyItIsSkipped() throws IOException {
    try (ProvenanceLog log = ProvenanceLog.in(dir)) {
      log.append(List.of(record("/o/a", "1"), record("/o/b", "1"), record("/o/c", "1")));
    }
    Path file = dir.resolve(ProvenanceLog.FILE);
    Files.writeString(file, Files.readString(file).replace("/o/b", "/o/X"));
    ProvenanceIndex index = ProvenanceLog.in(dir).read();
    assertEquals(2, index.size());
    assertNull(index.find("/o/X"));
    assertEquals(1, index.skipped());
  }

  /**
   * Real writer processes killed with SIGKILL while appending as fast as they can: every batch a
   * writer reported written is there, whole, and the log stays readable and appendable.
   */
  @Test
  void writersKilledByKill9_neverLoseAReportedRecord_norLeaveAnUnreadableLog() throws Exception {
    int kills = 3;
    int[] confirmed = new int[kills];
    for (int k = 0; k < kills; k++) {
      Path out = dir.resolve("writer-" + k + ".out");
      Files.createFile(out);
      Process p = Processes.startJava(ProvenanceWriterMain.class, out,
          List.of(dir.toString(), "w" + k));
      assertTrue(Processes.await(Duration.ofSeconds(60), () -> lines(out) >= 5),
          "the writer never got going: " + read(out));
      p.destroyForcibly(); // SIGKILL
      p.waitFor();
      confirmed[k] = lines(out);
    }
    ProvenanceIndex index = ProvenanceLog.in(dir).read();
    assertTrue(index.skipped() <= kills, "at most one torn line per kill: " + index.skipped());
    for (int k = 0; k < kills; k++) {
      for (int i = 0; i < confirmed[k]; i++) {
        for (int j = 0; j < ProvenanceWriterMain.BATCH; j += 37) {
          ProvenanceRecord expected = ProvenanceWriterMain.record("w" + k, i, j);
          ProvenanceIndex.Entry e = index.find(expected.output());
          assertEquals(expected, e == null ? null : index.details(e), "w" + k + " batch " + i);
        }
      }
    }
    try (ProvenanceLog log = ProvenanceLog.in(dir)) {
      log.append(List.of(record("/o/after", "1")));
    }
    assertEquals(record("/o/after", "1"),
        ProvenanceLog.in(dir).read().details(ProvenanceLog.in(dir).read().find("/o/after")));
  }

  private static int lines(Path file) {
    return (int) read(file).lines().filter(l -> l.startsWith("ok ")).count();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }
}
