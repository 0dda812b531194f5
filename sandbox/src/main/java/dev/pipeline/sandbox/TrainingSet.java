package dev.pipeline.sandbox;

import java.util.function.Consumer;

/**
 * Whitened training material held in memory: the background stream of each detector (edges
 * cropped) and every training waveform, whitened with the same per-detector filters, with its
 * coalescence sample and network SNR. Windows are cut from these by {@link WindowSampler}.
 *
 * <p>The PSD used for whitening is estimated from the background itself (Welch, 4 s segments), as
 * a search would, never taken from the noise model.
 */
final class TrainingSet {
  static final double PSD_SEGMENT_SECONDS = 4;

  final double sampleRate;
  final float[][] background;
  final float[][][] signals;
  final int[] coalescence;
  final double[] snr;

  private TrainingSet(
      double sampleRate, float[][] background, float[][][] signals, int[] coalescence, double[] snr) {
    this.sampleRate = sampleRate;
    this.background = background;
    this.signals = signals;
    this.coalescence = coalescence;
    this.snr = snr;
  }

  int channels() {
    return background.length;
  }

  /**
   * Whitens raw strain: {@code background[ifo][sample]}, {@code waveforms[n][ifo][sample]} with the
   * geocentric coalescence at {@code coalescenceIndex} of every waveform buffer.
   */
  static TrainingSet whiten(
      double[][] background,
      double[][][] waveforms,
      int coalescenceIndex,
      double sampleRate,
      double fduration,
      double highpass,
      Consumer<String> log) {
    int ifos = background.length;
    Whitener[] whiteners = new Whitener[ifos];
    float[][] white = new float[ifos][];
    int nfft = Fft.nextPowerOfTwo((int) (PSD_SEGMENT_SECONDS * sampleRate));
    for (int i = 0; i < ifos; i++) {
      Psd psd = Psd.welch(background[i], nfft, sampleRate);
      whiteners[i] = Whitener.design(psd, sampleRate, fduration, highpass);
      double[] w = whiteners[i].whiten(background[i]);
      int edge = whiteners[i].edge();
      white[i] = new float[w.length - 2 * edge];
      for (int n = 0; n < white[i].length; n++) {
        white[i][n] = (float) w[n + edge];
      }
    }
    float[][][] signals = new float[waveforms.length][ifos][];
    int[] coalescence = new int[waveforms.length];
    double[] snr = new double[waveforms.length];
    for (int s = 0; s < waveforms.length; s++) {
      double[][] ws = new double[ifos][];
      for (int i = 0; i < ifos; i++) {
        ws[i] = whiteners[i].whitenExtended(waveforms[s][i]);
        signals[s][i] = toFloat(ws[i]);
      }
      coalescence[s] = coalescenceIndex + whiteners[0].edge();
      snr[s] = Whitener.snr(ws);
    }
    log.accept(
        String.format(
            "whitened %d s of background per detector and %d waveforms (median whitened SNR at"
                + " reference distance %.1f)",
            background[0].length / (int) sampleRate, waveforms.length, median(snr)));
    return new TrainingSet(sampleRate, white, signals, coalescence, snr);
  }

  /** Reads a {@link TrainingDataGenerator} directory and whitens it. */
  static TrainingSet load(java.nio.file.Path dir, double fduration, double highpass, Consumer<String> log)
      throws java.io.IOException {
    com.fasterxml.jackson.databind.JsonNode meta = Json.read(dir.resolve("metadata.json"));
    double fs = meta.get("sample_rate").asDouble();
    int coalescence = meta.get("coalescence_index").asInt();
    double[][] background;
    try (NpyReader r = new NpyReader(dir.resolve("background.npy"))) {
      long[] shape = r.shape();
      background = new double[(int) shape[0]][];
      for (int i = 0; i < shape[0]; i++) {
        background[i] = r.doubles(i * shape[1], (int) shape[1]);
      }
    }
    double[][][] waveforms;
    try (NpyReader r = new NpyReader(dir.resolve("signals.npy"))) {
      long[] shape = r.shape();
      waveforms = new double[(int) shape[0]][(int) shape[1]][];
      for (int n = 0; n < shape[0]; n++) {
        for (int i = 0; i < shape[1]; i++) {
          waveforms[n][i] = r.doubles((n * shape[1] + i) * shape[2], (int) shape[2]);
        }
      }
    }
    return whiten(background, waveforms, coalescence, fs, fduration, highpass, log);
  }

  static float[] toFloat(double[] x) {
    float[] out = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = (float) x[i];
    }
    return out;
  }

  static double median(double[] v) {
    if (v.length == 0) {
      return Double.NaN;
    }
    double[] s = v.clone();
    java.util.Arrays.sort(s);
    return s[s.length / 2];
  }
}
