package dev.pipeline.sandbox;

/**
 * The classifier's fixed front end: a low-pass FIR applied with stride {@code factor}, taking
 * whitened data at any sample rate that is a multiple of {@link #MODEL_RATE} down to {@link
 * #MODEL_RATE}, so the network's kernels and strides (and so its receptive field in seconds) and
 * the band it sees are the same at every sample rate. Without it, kernels fixed in samples shrink
 * in seconds at higher rates and strided convolutions alias.
 *
 * <p>The filter is a Kaiser-windowed sinc (beta 6, about 63 dB of stop-band rejection) of {@code
 * 24 factor + 1} taps, cut at 120 Hz with unit gain at DC: flat to about 100 Hz, down 60 dB from
 * about 140 Hz, so what would alias onto the band the network uses is suppressed. At {@code
 * MODEL_RATE} itself the factor is 1 and there is no filter.
 */
final class AntiAlias {
  static final double MODEL_RATE = 256;
  static final double CUTOFF_HZ = 120;
  private static final double BETA = 6;

  private AntiAlias() {}

  /** The decimation factor for data at {@code sampleRate}; a clear error if it is not whole. */
  static int factor(double sampleRate) {
    double f = sampleRate / MODEL_RATE;
    int n = (int) Math.round(f);
    if (n < 1 || Math.abs(f - n) > 1e-9) {
      throw new IllegalArgumentException(String.format(
          "sample_rate %.1f Hz: the classifier needs a whole multiple of %.0f Hz (256, 512, 1024, 2048, ...)",
          sampleRate, MODEL_RATE));
    }
    return n;
  }

  /** The taps for a factor (empty for 1). */
  static float[] taps(int factor) {
    if (factor == 1) {
      return new float[0];
    }
    int n = 24 * factor + 1;
    double mid = (n - 1) / 2.0;
    double fc = CUTOFF_HZ / (MODEL_RATE * factor); // cycles per sample
    double[] h = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double x = i - mid;
      double sinc = x == 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * x) / (Math.PI * x);
      double r = 2 * x / (n - 1);
      h[i] = sinc * besselI0(BETA * Math.sqrt(Math.max(0, 1 - r * r))) / besselI0(BETA);
      sum += h[i];
    }
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) (h[i] / sum);
    }
    return out;
  }

  /** Output samples per channel for an input of {@code length} samples. */
  static int outputLength(int length, int factor, int taps) {
    return factor == 1 ? length : (length - taps) / factor + 1;
  }

  /** Filters and decimates each of the {@code channels} rows of x[off ..] into out [channels, outLength]. */
  static void apply(float[] x, int off, int channels, int length, int factor, float[] taps, float[] out, int outLength) {
    for (int c = 0; c < channels; c++) {
      int in = off + c * length;
      for (int t = 0; t < outLength; t++) {
        double s = 0;
        int start = in + t * factor;
        for (int j = 0; j < taps.length; j++) {
          s += taps[j] * x[start + j];
        }
        out[c * outLength + t] = (float) s;
      }
    }
  }

  /** Modified Bessel function of the first kind, order 0 (power series; converges fast for beta ~ 6). */
  private static double besselI0(double x) {
    double sum = 1;
    double term = 1;
    for (int k = 1; k < 50; k++) {
      term *= (x / (2 * k)) * (x / (2 * k));
      sum += term;
    }
    return sum;
  }
}
