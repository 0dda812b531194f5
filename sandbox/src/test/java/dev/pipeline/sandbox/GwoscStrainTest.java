package dev.pipeline.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** data_source: test strain read from GWOSC-layout HDF5 files instead of simulated noise. */
class GwoscStrainTest {
  private static final double FS = 256;
  @TempDir Path dir;

  /** A small file in GWOSC's layout: strain/Strain with Xstart and Xspacing. */
  private double[] gwoscFile(Detector ifo, long seed, double spacing) {
    double[] x = new ColoredNoise(Psd::aligo, FS, seed).next((int) (200 * FS));
    try (WritableHdfFile f = HdfFile.write(dir.resolve(ifo.name() + "-strain.hdf5"))) {
      WritableDataset d = f.putGroup("strain").putDataset("Strain", x);
      d.putAttribute("Xstart", 1_187_008_000.0);
      d.putAttribute("Xspacing", spacing);
    }
    return x;
  }

  private TestDataGenerator.Settings settings(List<Detector> ifos) {
    return new TestDataGenerator.Settings(ifos, FS, 160, 30, 0, CosmologyModel.PLANCK15, 4, 8, 1, 20, 1, 1, 64,
        dir.resolve("{ifo}-strain.hdf5").toString(), 1);
  }

  @Test
  void theBackgroundIsTheFilesStrainAndTheInjectionsGoIntoIt() throws Exception {
    List<Detector> ifos = List.of(Detector.parse("H1"), Detector.parse("L1"));
    double[] h1 = gwoscFile(ifos.get(0), 1, 1 / FS);
    double[] l1 = gwoscFile(ifos.get(1), 2, 1 / FS);
    Path out = Files.createDirectories(dir.resolve("test"));
    new TestDataGenerator().write(out, settings(ifos), m -> { });
    try (NpyReader r = new NpyReader(out.resolve("background.npy"))) {
      assertEquals(160 * 256, r.shape()[1]);
      double[] a = r.doubles(0, (int) r.shape()[1]);
      double[] b = r.doubles(r.shape()[1], (int) r.shape()[1]);
      for (int i = 0; i < a.length; i += 97) {
        assertEquals((float) h1[i], a[i], 0);
        assertEquals((float) l1[i], b[i], 0);
      }
    }
    JsonNode meta = Json.read(out.resolve("metadata.json"));
    assertTrue(meta.get("data_source").asText().endsWith("{ifo}-strain.hdf5"));
    assertEquals(1_187_008_000.0, meta.get("gps_start").asDouble());
    // The file-backed test set whitens and loads like the simulated one.
    TestSet set = TestSet.load(out, 1, 20);
    assertEquals(meta.get("num_accepted").asInt(), set.injections().size());
  }

  @Test
  void aFileAtAnotherRateOrMissingIsAClearError() {
    List<Detector> ifos = List.of(Detector.parse("H1"));
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> new TestDataGenerator().write(Files.createDirectories(dir.resolve("a")), settings(ifos), m -> { }));
    assertTrue(missing.getMessage().contains("no file") && missing.getMessage().contains("H1-strain.hdf5"),
        missing.getMessage());
    gwoscFile(ifos.get(0), 3, 1 / 4096.0);
    IllegalArgumentException rate = assertThrows(IllegalArgumentException.class,
        () -> new TestDataGenerator().write(Files.createDirectories(dir.resolve("b")), settings(ifos), m -> { }));
    assertTrue(rate.getMessage().contains("at 4096.00 Hz") && rate.getMessage().contains("not sample_rate 256"),
        rate.getMessage());
  }
}
