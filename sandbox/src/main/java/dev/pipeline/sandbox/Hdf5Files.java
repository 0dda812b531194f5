package dev.pipeline.sandbox;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The HDF5 result files, in aframe's layouts (ledger's EventSet / RecoveredInjectionSet and the
 * legacy sensitive_volume.h5): one 1-D dataset per field, the livetime and the cosmology as
 * attributes, readable by h5py ({@code f["detection_statistic"][:]}, {@code f.attrs["Tb"]}). jHDF
 * writes each file in one go from whole arrays. String attributes come back as bytes in h5py.
 *
 * <pre>
 * infer/background.hdf5   detection_statistic, detection_time, shift [n, ifos] (seconds per detector)
 *                         attrs Tb, num_shifts, ifos
 * infer/foreground.hdf5   the same per recovered injection, plus injection_index, injection_time,
 *                         mass_1, mass_2 (detector frame), redshift, luminosity_distance, inclination,
 *                         polarization, phase, longitude, latitude, snr
 * results/sensitive_volume.h5   fars (per year), thresholds, efficiency, sv, err (binomial),
 *                         err_threshold (bootstrap); attrs Tb, v0, cosmology, population
 * </pre>
 */
final class Hdf5Files {
  private Hdf5Files() {}

  static void writeBackground(Path file, List<InferenceRunner.Event> events, double tb, List<String> ifos,
      double shiftStep, int shifts) {
    int n = events.size();
    double[] stat = new double[n];
    double[] time = new double[n];
    double[][] shift = new double[n][ifos.size()];
    for (int i = 0; i < n; i++) {
      InferenceRunner.Event e = events.get(i);
      stat[i] = e.statistic();
      time[i] = e.time();
      shiftVector(shift[i], e.shift(), shiftStep);
    }
    try (WritableHdfFile f = HdfFile.write(file)) {
      putEvents(f, stat, time, shift);
      f.putAttribute("Tb", tb);
      f.putAttribute("num_shifts", shifts);
      f.putAttribute("ifos", ifos.toArray(new String[0]));
    }
  }

  static void writeForeground(Path file, List<InferenceRunner.Found> found, Map<String, double[]> injections,
      double tb, List<String> ifos, double shiftStep) {
    int n = found.size();
    Map<Long, Integer> row = new java.util.HashMap<>();
    double[] index = injections.get("index");
    for (int i = 0; i < index.length; i++) {
      row.put((long) index[i], i);
    }
    double[] stat = new double[n];
    double[] time = new double[n];
    double[][] shift = new double[n][ifos.size()];
    long[] injectionIndex = new long[n];
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) {
      InferenceRunner.Found e = found.get(i);
      stat[i] = e.statistic();
      time[i] = e.time();
      shiftVector(shift[i], e.shift(), shiftStep);
      injectionIndex[i] = e.index();
      rows[i] = row.get((long) e.index());
    }
    try (WritableHdfFile f = HdfFile.write(file)) {
      putEvents(f, stat, time, shift);
      f.putDataset("injection_index", injectionIndex);
      String[][] names = {{"time", "injection_time"}, {"mass1", "mass_1"}, {"mass2", "mass_2"},
          {"redshift", "redshift"}, {"distance", "luminosity_distance"}, {"inclination", "inclination"},
          {"polarization", "polarization"}, {"phase", "phase"}, {"longitude", "longitude"},
          {"latitude", "latitude"}, {"snr", "snr"}};
      for (String[] name : names) {
        double[] column = injections.get(name[0]);
        if (column == null) {
          continue;
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
          out[i] = column[rows[i]];
        }
        f.putDataset(name[1], out);
      }
      f.putAttribute("Tb", tb);
      f.putAttribute("ifos", ifos.toArray(new String[0]));
    }
  }

  static void writeSensitiveVolume(Path file, List<SensitiveVolumeCalculator.Point> points,
      List<SensitiveVolumeCalculator.Spread> spreads, double tb, double v0, String cosmology, String population) {
    int n = points.size();
    double[][] columns = new double[6][n];
    for (int i = 0; i < n; i++) {
      SensitiveVolumeCalculator.Point p = points.get(i);
      columns[0][i] = p.far() * 86400 * 365.25;
      columns[1][i] = p.threshold();
      columns[2][i] = p.efficiency();
      columns[3][i] = p.volume();
      columns[4][i] = p.volumeError();
      columns[5][i] = v0 * spreads.get(i).efficiency();
    }
    try (WritableHdfFile f = HdfFile.write(file)) {
      String[] names = {"fars", "thresholds", "efficiency", "sv", "err", "err_threshold"};
      for (int c = 0; c < names.length; c++) {
        f.putDataset(names[c], columns[c]);
      }
      f.putAttribute("Tb", tb);
      f.putAttribute("v0", v0);
      f.putAttribute("cosmology", cosmology);
      f.putAttribute("population", population);
      f.putAttribute("units", "fars per year; sv, err, err_threshold and v0 in Gpc^3");
    }
  }

  private static void putEvents(WritableGroup f, double[] stat, double[] time, double[][] shift) {
    f.putDataset("detection_statistic", stat);
    f.putDataset("detection_time", time);
    f.putDataset("shift", shift);
  }

  /** aframe's shift vector: detector c is delayed by c * s * shift_step seconds. */
  private static void shiftVector(double[] out, int s, double shiftStep) {
    for (int c = 0; c < out.length; c++) {
      out[c] = c * s * shiftStep;
    }
  }
}
