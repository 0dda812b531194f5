package dev.pipeline.sandbox;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

/**
 * Stationary Gaussian noise with a given one-sided PSD, produced chunk by chunk: white N(0,1)
 * samples through an FIR filter with |H(f)|^2 = S(f) fs / 2 (white unit-variance noise has density
 * 2/fs, so the output has density S). The filter is the zero-phase response rolled to the middle
 * of a 4 s window and Hann-tapered, which smooths S at 0.25 Hz resolution. The filter state is
 * primed with one filter length of noise so the first sample written is already stationary.
 */
final class ColoredNoise {
  private final FirFilter filter;
  private final SplittableRandom random;

  ColoredNoise(DoubleUnaryOperator psd, double sampleRate, long seed) {
    int n = Fft.nextPowerOfTwo((int) Math.ceil(4 * sampleRate));
    double df = sampleRate / n;
    double[] re = new double[n / 2 + 1];
    double[] im = new double[n / 2 + 1];
    for (int k = 1; k < n / 2; k++) {
      re[k] = Math.sqrt(psd.applyAsDouble(k * df) * sampleRate / 2);
    }
    double[] impulse = Fft.realInverse(re, im, n);
    double[] window = Psd.hann(n);
    double[] taps = new double[n];
    for (int i = 0; i < n; i++) {
      taps[i] = impulse[(i + n / 2) % n] * window[i];
    }
    this.filter = new FirFilter(taps);
    this.random = new SplittableRandom(seed);
    next(n); // prime the filter memory
  }

  /** The next {@code count} samples of the series. */
  double[] next(int count) {
    double[] white = new double[count];
    for (int i = 0; i < count; i++) {
      white[i] = random.nextGaussian();
    }
    return filter.process(white);
  }
}
