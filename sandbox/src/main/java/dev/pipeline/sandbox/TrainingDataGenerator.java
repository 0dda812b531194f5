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
 * Writes the training data set into a directory:
 *
 * <pre>
 * background.npy     float32 [ifo, sample]      coloured Gaussian noise from the aLIGO-like PSD
 * signals.npy        float32 [signal, ifo, sample] projected waveforms at REFERENCE_MPC, raw strain
 * signal_params.npy  records (mass1 ... latitude, snr)   snr: network optimal SNR (true PSD)
 * metadata.json      sample rate, detectors, shapes, coalescence_index, seed, models used
 * </pre>
 *
 * Everything is streamed to disk: noise in 64k-sample chunks per detector, waveforms one by one.
 * The trainer rescales the waveforms to the SNRs it wants, so their distance is only a reference.
 */
final class TrainingDataGenerator {
  static final double REFERENCE_MPC = 1000;
  static final double WAVEFORM_SECONDS = 4;
  static final double COALESCENCE_SECONDS = 3.5;
  static final int CHUNK = 1 << 16;

  record Settings(
      List<Detector> ifos, double sampleRate, double duration, int numSignals, double highpass, long seed) {}

  void write(Path dir, Settings s, Consumer<String> log) throws IOException {
    long samples = Math.round(s.duration() * s.sampleRate());
    writeNoise(dir.resolve("background.npy"), s.ifos(), s.sampleRate(), samples, s.seed(), "train-noise");
    int length = (int) Math.round(WAVEFORM_SECONDS * s.sampleRate());
    int coalescence = (int) Math.round(COALESCENCE_SECONDS * s.sampleRate());
    SplittableRandom random = Seeds.random(s.seed(), "train-signals", 0);
    List<NpyWriter.Field> fields = new ArrayList<>();
    for (String c : Source.COLUMNS) {
      fields.add(NpyWriter.Field.f8(c));
    }
    fields.add(NpyWriter.Field.f8("snr"));
    try (NpyWriter strain =
            NpyWriter.float32(dir.resolve("signals.npy"), s.numSignals(), s.ifos().size(), length);
        NpyWriter params = NpyWriter.records(dir.resolve("signal_params.npy"), fields)) {
      for (int i = 0; i < s.numSignals(); i++) {
        Source src = Source.draw(random, REFERENCE_MPC);
        double[][] h = Waveform.project(src, s.ifos(), s.sampleRate(), length, coalescence);
        for (double[] row : h) {
          strain.write(row);
        }
        double[] row = java.util.Arrays.copyOf(src.toRow(), Source.COLUMNS.length + 1);
        row[row.length - 1] = Waveform.optimalSnr(h, s.sampleRate(), s.highpass());
        params.writeRecord(row);
      }
    }
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("ifos", s.ifos().stream().map(Enum::name).toList());
    meta.put("sample_rate", s.sampleRate());
    meta.put("duration", s.duration());
    meta.put("background_shape", List.of(s.ifos().size(), samples));
    meta.put("num_signals", s.numSignals());
    meta.put("waveform_duration", WAVEFORM_SECONDS);
    meta.put("coalescence_index", coalescence);
    meta.put("reference_distance_mpc", REFERENCE_MPC);
    meta.put("seed", s.seed());
    meta.put("psd", "analytic aLIGO design fit (Ajith 2011), flat below 10 Hz");
    meta.put("waveform", "Newtonian inspiral to ISCO + damped-sinusoid ring-down (Waveform.java)");
    meta.put("prior", "masses U[20,40] Msun, isotropic orientation and sky");
    Json.write(dir.resolve("metadata.json"), meta);
    log.accept(String.format("wrote %d s of %s background and %d training waveforms",
        Math.round(s.duration()), s.ifos(), s.numSignals()));
  }

  /** Streams [ifo, sample] float32 noise: detector by detector, chunk by chunk. */
  static void writeNoise(Path file, List<Detector> ifos, double sampleRate, long samples, long seed,
      String label) throws IOException {
    try (NpyWriter out = NpyWriter.float32(file, ifos.size(), samples)) {
      for (int i = 0; i < ifos.size(); i++) {
        ColoredNoise noise =
            new ColoredNoise(Psd::aligo, sampleRate, Seeds.derive(seed, label, ifos.get(i).ordinal()));
        for (long done = 0; done < samples; ) {
          int n = (int) Math.min(CHUNK, samples - done);
          out.write(noise.next(n));
          done += n;
        }
      }
    }
  }
}
