package dev.pipeline.sandbox;

import java.util.Arrays;

/**
 * One-sided power spectral densities (strain^2/Hz) on a uniform frequency grid {@code k * df}.
 *
 * <p>{@link #aligo(int, double)} is the noise model the data are drawn from: the widely used
 * analytic fit to the Advanced LIGO design curve (zero-detuned high power; Ajith 2011),
 * {@code S(f) = S0 [x^-4.14 - 5 x^-2 + 111 (1 - x^2 + x^4/2) / (1 + x^2/2)]}, {@code x = f/215 Hz},
 * {@code S0 = 1e-49 /Hz}. Below {@link #FLOOR_HZ} the fit is held constant: the real curve rises
 * steeply there, and the flat extension keeps the coloured noise's dynamic range small enough for
 * float32 files while everything below the high-pass is thrown away anyway.
 *
 * <p>{@link #welch} is how the pipeline itself measures a PSD from data (Hann window, 50 % overlap,
 * mean of segment periodograms), so that whitening never uses the true model: like a real search,
 * it only sees the strain.
 */
record Psd(double df, double[] values) {
  static final double FLOOR_HZ = 10.0;

  /** Density at frequency f by linear interpolation (clamped to the grid). */
  double at(double f) {
    double x = f / df;
    int i = (int) Math.floor(x);
    if (i < 0) {
      return values[0];
    }
    if (i >= values.length - 1) {
      return values[values.length - 1];
    }
    double w = x - i;
    return values[i] * (1 - w) + values[i + 1] * w;
  }

  static double aligo(double f) {
    double x = Math.max(f, FLOOR_HZ) / 215.0;
    double x2 = x * x;
    return 1e-49 * (Math.pow(x, -4.14) - 5 / x2 + 111 * (1 - x2 + x2 * x2 / 2) / (1 + x2 / 2));
  }

  /** The analytic model on bins 0..n/2 of an n-point transform at sample rate fs. */
  static Psd aligo(int n, double sampleRate) {
    double df = sampleRate / n;
    double[] v = new double[n / 2 + 1];
    for (int k = 0; k < v.length; k++) {
      v[k] = aligo(k * df);
    }
    return new Psd(df, v);
  }

  /**
   * Welch estimate with segments of {@code nfft} samples (a power of two) and 50 % overlap. The
   * normalisation is the one-sided density: a white series of variance s^2 gives 2 s^2 / fs.
   */
  static Psd welch(double[] x, int nfft, double sampleRate) {
    if (x.length < nfft) {
      throw new IllegalArgumentException(
          "need at least " + nfft + " samples for the PSD estimate, got " + x.length);
    }
    double[] window = hann(nfft);
    double[] sum = new double[nfft / 2 + 1];
    int segments = 0;
    for (int start = 0; start + nfft <= x.length; start += nfft / 2) {
      double[] p = periodogram(x, start, window);
      for (int k = 0; k < sum.length; k++) {
        sum[k] += p[k];
      }
      segments++;
    }
    return fromPeriodograms(sum, segments, window, sampleRate);
  }

  /** |FFT|^2 of the Hann-windowed segment x[start, start + window.length). */
  static double[] periodogram(double[] x, int start, double[] window) {
    int nfft = window.length;
    double[] seg = new double[nfft];
    for (int i = 0; i < nfft; i++) {
      seg[i] = x[start + i] * window[i];
    }
    double[][] spec = Fft.realForward(seg);
    double[] p = new double[nfft / 2 + 1];
    for (int k = 0; k < p.length; k++) {
      p[k] = spec[0][k] * spec[0][k] + spec[1][k] * spec[1][k];
    }
    return p;
  }

  /** The Welch density from the sum of {@code segments} periodograms taken with {@code window}. */
  static Psd fromPeriodograms(double[] sum, int segments, double[] window, double sampleRate) {
    double windowPower = 0;
    for (double w : window) {
      windowPower += w * w;
    }
    double[] v = new double[sum.length];
    for (int k = 0; k < v.length; k++) {
      boolean edge = k == 0 || k == sum.length - 1;
      v[k] = (edge ? 1 : 2) * sum[k] / (segments * sampleRate * windowPower);
    }
    return new Psd(sampleRate / window.length, v);
  }

  /** Symmetric-periodic Hann window (zero at the first sample), the usual choice for Welch. */
  static double[] hann(int n) {
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
    }
    return w;
  }

  /** Mean of the density over [fLow, fHigh), for tests and logs. */
  double meanBetween(double fLow, double fHigh) {
    int a = (int) Math.ceil(fLow / df);
    int b = (int) Math.min(values.length, Math.floor(fHigh / df));
    return Arrays.stream(values, a, b).average().orElse(Double.NaN);
  }
}
