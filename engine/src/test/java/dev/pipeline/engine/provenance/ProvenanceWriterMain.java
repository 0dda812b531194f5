package dev.pipeline.engine.provenance;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Appends provenance as fast as it can until killed, for the kill -9 test:
 * {@code ProvenanceWriterMain STATE_DIR TAG}. Batch {@code i} is {@value #BATCH} records for the
 * outputs {@code /out/TAG-i-j}; after each append it prints {@code ok i} (the batch is written).
 */
public final class ProvenanceWriterMain {
  static final int BATCH = 200;

  private ProvenanceWriterMain() {}

  public static void main(String[] args) throws Exception {
    ProvenanceLog log = ProvenanceLog.in(Path.of(args[0]));
    String tag = args[1];
    for (int i = 0; ; i++) {
      List<ProvenanceRecord> batch = new ArrayList<>(BATCH);
      for (int j = 0; j < BATCH; j++) {
        batch.add(record(tag, i, j));
      }
      log.append(batch);
      System.out.println("ok " + i);
      System.out.flush();
    }
  }

  static ProvenanceRecord record(String tag, int i, int j) {
    String name = tag + "-" + i + "-" + j;
    return new ProvenanceRecord("/out/" + name, "test.Step(name=" + name + ")", "test.Step",
        Map.of("name", name), 1, List.of(new ProvenanceRecord.Input("/in/" + j, "3:4:5")),
        "test", "host", "2026-01-01T00:00:00Z");
  }
}
