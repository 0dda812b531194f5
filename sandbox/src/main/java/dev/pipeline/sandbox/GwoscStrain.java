package dev.pipeline.sandbox;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Strain from HDF5 files in the GWOSC layout, one per detector: dataset {@code strain/Strain}
 * (float64 samples) with attributes {@code Xstart} (GPS start) and {@code Xspacing} (seconds per
 * sample). The {@code data_source} pattern names them, {@code {ifo}} standing for the detector
 * (e.g. {@code /data/{ifo}-strain.hdf5}). Read in hyperslabs of {@link TrainingDataGenerator#CHUNK}
 * samples, so a long file is never held whole.
 */
final class GwoscStrain {
  private GwoscStrain() {}

  /** The file of one detector. */
  static Path file(String pattern, Detector ifo) {
    return Path.of(pattern.replace("{ifo}", ifo.name()));
  }

  /**
   * Copies the first {@code samples} samples of every detector's file into background.npy (float32
   * [ifo, sample]); returns the GPS start of the first file.
   */
  static double copy(String pattern, List<Detector> ifos, double sampleRate, long samples, Path out)
      throws IOException {
    double gpsStart = Double.NaN;
    try (NpyWriter w = NpyWriter.float32(out, ifos.size(), samples)) {
      for (Detector ifo : ifos) {
        Path file = file(pattern, ifo);
        if (!Files.isRegularFile(file)) {
          throw new IllegalArgumentException("data_source " + pattern + ": no file " + file + " for " + ifo);
        }
        try (HdfFile h = new HdfFile(file)) {
          Dataset strain = h.getDatasetByPath("strain/Strain");
          double spacing = number(strain.getAttribute("Xspacing"), file, "Xspacing");
          if (Math.abs(1 / spacing - sampleRate) > 1e-6 * sampleRate) {
            throw new IllegalArgumentException(String.format("data_source %s: strain/Strain is at %.6g Hz"
                + " (Xspacing %.6g s), not sample_rate %.6g Hz: resample it or set sample_rate", file, 1 / spacing,
                spacing, sampleRate));
          }
          if (Double.isNaN(gpsStart)) {
            gpsStart = number(strain.getAttribute("Xstart"), file, "Xstart");
          }
          long length = strain.getDimensionsAsLong()[0];
          if (length < samples) {
            throw new IllegalArgumentException(String.format("data_source %s: %d samples (%.1f s), test_duration"
                + " needs %d", file, length, length * spacing, samples));
          }
          for (long from = 0; from < samples; from += TrainingDataGenerator.CHUNK) {
            int n = (int) Math.min(TrainingDataGenerator.CHUNK, samples - from);
            w.write((double[]) strain.getData(new long[] {from}, new int[] {n}));
          }
        }
      }
    }
    return gpsStart;
  }

  private static double number(Attribute a, Path file, String name) {
    if (a == null || !(a.getData() instanceof Number n)) {
      throw new IllegalArgumentException("data_source " + file + ": strain/Strain has no numeric attribute " + name
          + " (GWOSC layout)");
    }
    return n.doubleValue();
  }
}
