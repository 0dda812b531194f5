package dev.pipeline.sandbox;

/**
 * Whitening as a time-domain filter, the way aframe's preprocessor does it: the inverse amplitude
 * spectral density of a measured PSD, high-passed, turned into an impulse response and truncated
 * to {@code fduration} seconds with a Hann taper. Noise with that PSD comes out white with
 * one-sided density 2/fs in the pass band, i.e. unit variance per sample there; a whitened
 * waveform's optimal SNR is then simply the root of its sum of squares ({@link #snr}).
 *
 * <p>Because whitening is linear, {@code whiten(noise + signal) = whiten(noise) + whiten(signal)}:
 * the trainer and Infer whiten the background stream once and whiten each waveform separately with
 * the same filter, instead of re-whitening every window.
 */
final class Whitener {
  private final double[] taps;
  private final int centre;

  private Whitener(double[] taps) {
    this.taps = taps;
    this.centre = taps.length / 2;
  }

  /**
   * Designs the filter from {@code psd} for data at {@code sampleRate}; {@code fduration} seconds of
   * impulse response, zero response below {@code highpass} Hz and at Nyquist.
   */
  static Whitener design(Psd psd, double sampleRate, double fduration, double highpass) {
    int n = (int) Math.round(fduration * sampleRate);
    if (n < 16 || n % 2 != 0) {
      throw new IllegalArgumentException(
          "fduration * sample_rate must be an even number >= 16, got " + n);
    }
    double df = sampleRate / n;
    double[] re = new double[n / 2 + 1];
    double[] im = new double[n / 2 + 1];
    for (int k = 1; k < n / 2; k++) {
      double f = k * df;
      if (f >= highpass) {
        re[k] = 1 / Math.sqrt(psd.at(f) * sampleRate / 2);
      }
    }
    // The zero-phase response has its peak at sample 0; the FFT length must hold a whole period.
    int nfft = Fft.nextPowerOfTwo(n);
    double[] impulse;
    if (nfft == n) {
      impulse = Fft.realInverse(re, im, n);
    } else {
      impulse = inverseDft(re, n);
    }
    double[] window = Psd.hann(n);
    double[] taps = new double[n];
    for (int i = 0; i < n; i++) {
      taps[i] = impulse[(i + n / 2) % n] * window[i]; // roll the peak to the centre, then taper
    }
    return new Whitener(taps);
  }

  /** Plain inverse real DFT for lengths that are not powers of two (filter design only). */
  private static double[] inverseDft(double[] re, int n) {
    double[] out = new double[n];
    for (int t = 0; t < n; t++) {
      double s = re[0];
      for (int k = 1; k < re.length; k++) {
        double c = Math.cos(2 * Math.PI * k * t / n);
        s += (k == n / 2 && n % 2 == 0 ? 1 : 2) * re[k] * c;
      }
      out[t] = s / n;
    }
    return out;
  }

  /** Samples at each end of a whitened series that see the edge and should be cropped. */
  int edge() {
    return centre;
  }

  int length() {
    return taps.length;
  }

  /** Whitened copy of x, aligned with x (no delay); the first and last {@link #edge()} are unreliable. */
  double[] whiten(double[] x) {
    return FirFilter.centred(x, taps, centre);
  }

  /**
   * Whitened samples {@code [from, from + count)} of x, the same as {@code whiten(x)} there; x must
   * hold {@link #edge()} samples on each side of the range.
   */
  double[] whitenRange(double[] x, long from, int count) {
    double[] padded = new double[count + 2 * centre];
    System.arraycopy(x, (int) (from - centre), padded, 0, padded.length);
    double[] y = whiten(padded);
    double[] out = new double[count];
    System.arraycopy(y, centre, out, 0, count);
    return out;
  }

  /**
   * Whitens a waveform that is zero outside x. The filter spreads it by {@link #edge()} samples on
   * each side, so the result is longer: output sample i belongs to input sample i - edge().
   */
  double[] whitenExtended(double[] x) {
    double[] padded = new double[x.length + 2 * centre];
    System.arraycopy(x, 0, padded, centre, x.length);
    return whiten(padded);
  }

  /** Optimal SNR of whitened per-detector waveforms: sqrt of the summed squares. */
  static double snr(double[][] whitened) {
    double s = 0;
    for (double[] w : whitened) {
      for (double v : w) {
        s += v * v;
      }
    }
    return Math.sqrt(s);
  }
}
