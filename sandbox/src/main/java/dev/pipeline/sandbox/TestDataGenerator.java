package dev.pipeline.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Writes the test data set: a background segment and an injection campaign over it.
 *
 * <pre>
 * background.npy        float32 [ifo, sample]  independent noise (not the training noise)
 * injections.npy        records: index, shift, time, mass1 ... latitude, snr   (accepted)
 * injection_strain.npy  float32 [accepted, ifo, sample]  projected waveforms, coalescence at
 *                       coalescence_index (metadata); row i belongs to injections.npy row i
 * rejected.npy          records: index, mass1 ... latitude, redshift, snr   (network SNR below threshold)
 * metadata.json         cosmology, dmax, horizon, V0, weighting, counts, snr_threshold, psd_length, shifts
 * </pre>
 *
 * <p>Distances and redshifts follow the {@link Population} (flat Lambda-CDM by default, Euclidean as
 * an option) up to {@code dmax}, which defaults to the {@link Horizon}; the masses are drawn from the
 * {@link Source} prior in the source frame and stored redshifted (detector frame), as the waveforms
 * use them. The rest of the parameters follow the {@link Source} prior. Each draw's network optimal SNR (true
 * PSD, from {@code highpass}) decides its fate: below {@code snrThreshold} it is rejected, recorded
 * in rejected.npy and never injected (the sensitive volume counts it as missed); otherwise it is
 * placed into the foreground stream of time-shift {@code shift} at {@code time} seconds, injections
 * {@code spacing} seconds apart so they never share an event cluster, and none in the first
 * {@code psd_length} seconds, which only feed Infer's rolling PSD. Shift s is the stream in which
 * detector c is delayed by c * s * shift_step, as in Infer's background; s = 0 is zero lag.
 */
final class TestDataGenerator {
  /** Draws projected in parallel at a time. */
  private static final int BATCH = 256;

  record Settings(
      List<Detector> ifos,
      double sampleRate,
      double duration,
      int numInjections,
      double dmax,
      CosmologyModel cosmology,
      double snrThreshold,
      double spacing,
      double shiftStep,
      double highpass,
      double kernelLength,
      double fduration,
      double psdLength,
      String dataSource,
      long seed) {
    Settings {
      if (psdLength < fduration / 2 || psdLength < TrainingSet.PSD_SEGMENT_SECONDS) {
        throw new IllegalArgumentException(String.format(
            "psd_length %.1f s must cover the whitening filter's half length (%.1f s) and one %.0f s PSD segment",
            psdLength, fduration / 2, TrainingSet.PSD_SEGMENT_SECONDS));
      }
    }
  }

  void write(Path dir, Settings s, Consumer<String> log) throws IOException {
    double fs = s.sampleRate();
    long samples = Math.round(s.duration() * fs);
    boolean simulated = s.dataSource() == null || s.dataSource().isBlank();
    double gpsStart = 0;
    if (simulated) {
      TrainingDataGenerator.writeNoise(dir.resolve("background.npy"), s.ifos(), fs, samples, s.seed(), "test-noise");
    } else {
      gpsStart = GwoscStrain.copy(s.dataSource(), s.ifos(), fs, samples, dir.resolve("background.npy"));
    }
    int length = (int) Math.round(TrainingDataGenerator.WAVEFORM_SECONDS * fs);
    int coalescence = (int) Math.round(TrainingDataGenerator.COALESCENCE_SECONDS * fs);
    Slots slots = new Slots(s, samples, coalescence);
    double horizon = Horizon.distance(s.cosmology(), s.ifos(), fs, s.highpass(), s.snrThreshold());
    double dmax = s.dmax() > 0 ? s.dmax() : horizon;
    Population population = Population.of(s.cosmology(), dmax);

    List<NpyWriter.Field> accepted = new ArrayList<>(List.of(
        NpyWriter.Field.i8("index"), NpyWriter.Field.i8("shift"), NpyWriter.Field.f8("time")));
    List<NpyWriter.Field> rejected = new ArrayList<>(List.of(NpyWriter.Field.i8("index")));
    for (String c : Source.COLUMNS) {
      accepted.add(NpyWriter.Field.f8(c));
      rejected.add(NpyWriter.Field.f8(c));
    }
    for (String c : List.of("redshift", "snr")) {
      accepted.add(NpyWriter.Field.f8(c));
      rejected.add(NpyWriter.Field.f8(c));
    }
    SplittableRandom random = Seeds.random(s.seed(), "test-injections", 0);
    int nAccepted = 0;
    try (NpyWriter acc = NpyWriter.records(dir.resolve("injections.npy"), accepted);
        NpyWriter rej = NpyWriter.records(dir.resolve("rejected.npy"), rejected);
        NpyWriter strain = NpyWriter.float32(dir.resolve("injection_strain.npy"), -1, s.ifos().size(), length)) {
      for (int from = 0; from < s.numInjections(); from += BATCH) {
        int n = Math.min(BATCH, s.numInjections() - from);
        // Draw in order (one random stream), project and measure the SNRs on every core.
        Population.Placement[] places = new Population.Placement[n];
        Source[] sources = new Source[n];
        for (int j = 0; j < n; j++) {
          places[j] = population.draw(random);
          sources[j] = Source.draw(random, places[j].distance()).redshifted(places[j].redshift(), places[j].distance());
        }
        double[][][] waveforms = new double[n][][];
        double[] snrs = new double[n];
        IntStream.range(0, n).parallel().forEach(j -> {
          waveforms[j] = Waveform.project(sources[j], s.ifos(), fs, length, coalescence);
          snrs[j] = Waveform.optimalSnr(waveforms[j], fs, s.highpass());
        });
        for (int j = 0; j < n; j++) {
          nAccepted += write(from + j, places[j], sources[j], waveforms[j], snrs[j], s, slots, acc, rej, strain) ? 1 : 0;
        }
      }
    }
    double v0 = population.volume();
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("ifos", s.ifos().stream().map(Enum::name).toList());
    meta.put("sample_rate", fs);
    meta.put("duration", s.duration());
    meta.put("background_shape", List.of(s.ifos().size(), samples));
    meta.put("seed", s.seed());
    meta.put("num_injections", s.numInjections());
    meta.put("num_accepted", nAccepted);
    meta.put("num_rejected", s.numInjections() - nAccepted);
    meta.put("snr_threshold", s.snrThreshold());
    meta.put("cosmology", population.model().name());
    meta.put("population", population.description());
    meta.put("dmax_mpc", dmax);
    meta.put("dmax_source", s.dmax() > 0 ? "dmax parameter" : "detector horizon");
    meta.put("horizon_mpc", horizon);
    meta.put("zmax", population.redshiftAt(dmax));
    meta.put("v0_gpc3", v0);
    meta.put("mass_frame", "mass1/mass2 are detector-frame (redshifted); source frame = m / (1 + redshift)");
    meta.put("psd_length", s.psdLength());
    meta.put("data_source", simulated ? "simulated (aLIGO design PSD)" : s.dataSource());
    meta.put("gps_start", gpsStart);
    meta.put("weighting", "target population = injected population, so every injection (accepted or"
        + " rejected) has weight 1/num_injections");
    meta.put("spacing", s.spacing());
    meta.put("shift_step", s.shiftStep());
    meta.put("num_shifts_used", slots.shift + 1);
    meta.put("waveform_duration", TrainingDataGenerator.WAVEFORM_SECONDS);
    meta.put("coalescence_index", coalescence);
    Json.write(dir.resolve("metadata.json"), meta);
    log.accept(String.format(
        "%d injections drawn to %.0f Mpc (%s, horizon %.0f Mpc, V0 %.1f Gpc^3): %d accepted into %d"
            + " time-shift streams, %d rejected (SNR < %.1f)",
        s.numInjections(), dmax, population.model(), horizon, v0, nAccepted, slots.shift + 1, s.numInjections() - nAccepted,
        s.snrThreshold()));
  }

  /** Writes one draw to the accepted or the rejected table; true if accepted. */
  private static boolean write(int i, Population.Placement at, Source src, double[][] h, double snr, Settings s,
      Slots slots, NpyWriter acc, NpyWriter rej, NpyWriter strain) throws IOException {
    double[] p = src.toRow();
    if (snr < s.snrThreshold()) {
      double[] row = new double[p.length + 3];
      row[0] = i;
      System.arraycopy(p, 0, row, 1, p.length);
      row[row.length - 2] = at.redshift();
      row[row.length - 1] = snr;
      rej.writeRecord(row);
      return false;
    }
    long[] slot = slots.next();
    double[] row = new double[p.length + 5];
    row[0] = i;
    row[1] = slot[0];
    row[2] = slot[1] / s.sampleRate();
    System.arraycopy(p, 0, row, 3, p.length);
    row[row.length - 2] = at.redshift();
    row[row.length - 1] = snr;
    acc.writeRecord(row);
    for (double[] r : h) {
      strain.write(r);
    }
    return true;
  }

  /** Hands out injection positions: shift by shift, spacing apart, clear of the stream's edges. */
  private static final class Slots {
    private final Settings s;
    private final long samples;
    private final long first;
    private final long spacing;
    private int shift;
    private long next;

    Slots(Settings s, long samples, int coalescence) {
      this.s = s;
      this.samples = samples;
      double fs = s.sampleRate();
      this.first = (long) Math.ceil(s.psdLength() * fs) + coalescence;
      this.spacing = Math.round(s.spacing() * fs);
      this.next = first;
      if (spacing <= 0) {
        throw new IllegalArgumentException("spacing must be positive");
      }
    }

    /** {shift, sample} of the next injection. */
    long[] next() {
      double fs = s.sampleRate();
      while (true) {
        long streamLength = samples - (long) (s.ifos().size() - 1) * shift * Math.round(s.shiftStep() * fs);
        long last = streamLength - (long) Math.ceil((s.fduration() / 2 + s.kernelLength() + 4) * fs);
        if (next <= last) {
          long at = next;
          next += spacing;
          return new long[] {shift, at};
        }
        if (next == first) {
          throw new IllegalArgumentException(String.format(
              "test_duration %.0f s is too short to place %d injections %.0f s apart",
              s.duration(), s.numInjections(), s.spacing()));
        }
        shift++;
        next = first;
      }
    }
  }
}
