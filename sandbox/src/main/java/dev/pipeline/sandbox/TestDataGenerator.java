package dev.pipeline.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Writes the test data set: a background segment and an injection campaign over it.
 *
 * <pre>
 * background.npy        float32 [ifo, sample]  independent noise (not the training noise)
 * injections.npy        records: index, shift, time, mass1 ... latitude, snr   (accepted)
 * injection_strain.npy  float32 [accepted, ifo, sample]  projected waveforms, coalescence at
 *                       coalescence_index (metadata); row i belongs to injections.npy row i
 * rejected.npy          records: index, mass1 ... latitude, snr   (network SNR below threshold)
 * metadata.json         dmax, V0, weighting, counts, snr_threshold, shifts, layout
 * </pre>
 *
 * <p>Distances follow p(d) ~ d^2 on (0, dmax], i.e. uniform in Euclidean volume V0 = 4/3 pi dmax^3,
 * and the rest of the parameters the {@link Source} prior. Each draw's network optimal SNR (true
 * PSD, from {@code highpass}) decides its fate: below {@code snrThreshold} it is rejected, recorded
 * in rejected.npy and never injected (the sensitive volume counts it as missed); otherwise it is
 * placed into the foreground stream of time-shift {@code shift} at {@code time} seconds, injections
 * {@code spacing} seconds apart so they never share an event cluster. Shift s is the stream in which
 * detector c is delayed by c * s * shift_step, as in Infer's background; s = 0 is zero lag.
 */
final class TestDataGenerator {
  record Settings(
      List<Detector> ifos,
      double sampleRate,
      double duration,
      int numInjections,
      double dmax,
      double snrThreshold,
      double spacing,
      double shiftStep,
      double highpass,
      double kernelLength,
      double fduration,
      long seed) {}

  void write(Path dir, Settings s, Consumer<String> log) throws IOException {
    double fs = s.sampleRate();
    long samples = Math.round(s.duration() * fs);
    TrainingDataGenerator.writeNoise(dir.resolve("background.npy"), s.ifos(), fs, samples, s.seed(), "test-noise");
    int length = (int) Math.round(TrainingDataGenerator.WAVEFORM_SECONDS * fs);
    int coalescence = (int) Math.round(TrainingDataGenerator.COALESCENCE_SECONDS * fs);
    Slots slots = new Slots(s, samples, coalescence);

    List<NpyWriter.Field> accepted = new ArrayList<>(List.of(
        NpyWriter.Field.i8("index"), NpyWriter.Field.i8("shift"), NpyWriter.Field.f8("time")));
    List<NpyWriter.Field> rejected = new ArrayList<>(List.of(NpyWriter.Field.i8("index")));
    for (String c : Source.COLUMNS) {
      accepted.add(NpyWriter.Field.f8(c));
      rejected.add(NpyWriter.Field.f8(c));
    }
    accepted.add(NpyWriter.Field.f8("snr"));
    rejected.add(NpyWriter.Field.f8("snr"));
    SplittableRandom random = Seeds.random(s.seed(), "test-injections", 0);
    int nAccepted = 0;
    try (NpyWriter acc = NpyWriter.records(dir.resolve("injections.npy"), accepted);
        NpyWriter rej = NpyWriter.records(dir.resolve("rejected.npy"), rejected);
        NpyWriter strain = NpyWriter.float32(dir.resolve("injection_strain.npy"), -1, s.ifos().size(), length)) {
      for (int i = 0; i < s.numInjections(); i++) {
        Source src = Source.draw(random, Source.volumeDistance(random, s.dmax()));
        double[][] h = Waveform.project(src, s.ifos(), fs, length, coalescence);
        double snr = Waveform.optimalSnr(h, fs, s.highpass());
        double[] p = src.toRow();
        if (snr < s.snrThreshold()) {
          double[] row = new double[p.length + 2];
          row[0] = i;
          System.arraycopy(p, 0, row, 1, p.length);
          row[row.length - 1] = snr;
          rej.writeRecord(row);
          continue;
        }
        long[] slot = slots.next();
        double[] row = new double[p.length + 4];
        row[0] = i;
        row[1] = slot[0];
        row[2] = slot[1] / fs;
        System.arraycopy(p, 0, row, 3, p.length);
        row[row.length - 1] = snr;
        acc.writeRecord(row);
        for (double[] r : h) {
          strain.write(r);
        }
        nAccepted++;
      }
    }
    double v0 = 4.0 / 3 * Math.PI * Math.pow(s.dmax() / 1000, 3);
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
    meta.put("dmax_mpc", s.dmax());
    meta.put("v0_gpc3", v0);
    meta.put("distance_prior", "p(d) = 3 d^2 / dmax^3 on (0, dmax] (uniform in Euclidean volume)");
    meta.put("weighting", "target population = injected population, so every injection (accepted or"
        + " rejected) has weight 1/num_injections");
    meta.put("spacing", s.spacing());
    meta.put("shift_step", s.shiftStep());
    meta.put("num_shifts_used", slots.shift + 1);
    meta.put("waveform_duration", TrainingDataGenerator.WAVEFORM_SECONDS);
    meta.put("coalescence_index", coalescence);
    Json.write(dir.resolve("metadata.json"), meta);
    log.accept(String.format(
        "%d injections drawn to %.0f Mpc: %d accepted into %d time-shift streams, %d rejected (SNR < %.1f)",
        s.numInjections(), s.dmax(), nAccepted, slots.shift + 1, s.numInjections() - nAccepted,
        s.snrThreshold()));
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
      this.first = (long) Math.ceil(s.fduration() * fs / 2) + coalescence;
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
