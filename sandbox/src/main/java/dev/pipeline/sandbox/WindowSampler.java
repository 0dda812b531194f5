package dev.pipeline.sandbox;

import java.util.SplittableRandom;

/**
 * Cuts labelled training/validation windows out of a {@link TrainingSet}. The background stream
 * and the waveform list are each split by {@code validationFraction} (the tail is validation), so
 * no noise sample and no waveform is shared between training and validation.
 *
 * <p>A signal window is a background window plus one waveform rescaled to a network SNR drawn
 * uniformly from [snrMin, snrMax] (aframe-style rescaling: the network learns a range of loudness
 * independent of the distance prior), with the merger placed uniformly between 25 % and 95 % of
 * the window, so that sliding windows at inference see it at any of those positions.
 */
final class WindowSampler {
  private final TrainingSet data;
  private final int kernel;
  private final double snrMin;
  private final double snrMax;
  private final int splitSample;
  private final int splitSignal;

  WindowSampler(TrainingSet data, int kernel, double snrMin, double snrMax, double validationFraction) {
    this.data = data;
    this.kernel = kernel;
    this.snrMin = snrMin;
    this.snrMax = snrMax;
    int n = data.background[0].length;
    this.splitSample = (int) Math.round(n * (1 - validationFraction));
    this.splitSignal = (int) Math.round(data.signals.length * (1 - validationFraction));
    if (splitSample < kernel || n - splitSample < kernel) {
      throw new IllegalArgumentException("training background too short for kernel_length");
    }
    if (splitSignal < 1 || splitSignal >= data.signals.length) {
      throw new IllegalArgumentException("need waveforms for both training and validation");
    }
  }

  /** Writes one window [C, K] into out at off; returns the label (1 = signal). */
  int sample(SplittableRandom r, boolean validation, boolean signal, float[] out, int off) {
    int lo = validation ? splitSample : 0;
    int hi = validation ? data.background[0].length : splitSample;
    int start = lo + r.nextInt(hi - lo - kernel + 1);
    int channels = data.channels();
    for (int c = 0; c < channels; c++) {
      System.arraycopy(data.background[c], start, out, off + c * kernel, kernel);
    }
    if (!signal) {
      return 0;
    }
    int s = validation
        ? splitSignal + r.nextInt(data.signals.length - splitSignal)
        : r.nextInt(splitSignal);
    double target = snrMin + (snrMax - snrMin) * r.nextDouble();
    double scale = target / data.snr[s];
    int position = (int) ((0.25 + 0.70 * r.nextDouble()) * kernel);
    int first = data.coalescence[s] - position; // waveform sample at window index 0
    for (int c = 0; c < channels; c++) {
      float[] w = data.signals[s][c];
      for (int j = 0; j < kernel; j++) {
        int k = first + j;
        if (k >= 0 && k < w.length) {
          out[off + c * kernel + j] += (float) (scale * w[k]);
        }
      }
    }
    return 1;
  }
}
