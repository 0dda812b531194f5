package dev.pipeline.sandbox;

/**
 * A finite-impulse-response filter applied by FFT overlap-save, usable on a stream: {@link
 * #process} may be called with consecutive chunks of any length and the result is the same as
 * filtering the whole series at once (the last L-1 inputs are carried between calls). This is
 * what lets the data generators write hours of coloured noise chunk by chunk without holding the
 * series in memory.
 */
final class FirFilter {
  private final int taps;
  private final int nfft;
  private final int hop;
  private final double[] hRe;
  private final double[] hIm;
  private final double[] history;

  FirFilter(double[] impulse) {
    this.taps = impulse.length;
    this.nfft = Fft.nextPowerOfTwo(Math.max(4 * taps, 256));
    this.hop = nfft - (taps - 1);
    this.hRe = new double[nfft];
    this.hIm = new double[nfft];
    System.arraycopy(impulse, 0, hRe, 0, taps);
    Fft.transform(hRe, hIm, false);
    this.history = new double[taps - 1];
  }

  /** Causal output {@code y[n] = sum_k h[k] x[n-k]} for the next chunk (zeros before the first). */
  double[] process(double[] in) {
    double[] out = new double[in.length];
    double[] re = new double[nfft];
    double[] im = new double[nfft];
    for (int done = 0; done < in.length; ) {
      int m = Math.min(hop, in.length - done);
      java.util.Arrays.fill(re, 0);
      java.util.Arrays.fill(im, 0);
      System.arraycopy(history, 0, re, 0, taps - 1);
      System.arraycopy(in, done, re, taps - 1, m);
      Fft.transform(re, im, false);
      for (int k = 0; k < nfft; k++) {
        double r = re[k] * hRe[k] - im[k] * hIm[k];
        im[k] = re[k] * hIm[k] + im[k] * hRe[k];
        re[k] = r;
      }
      Fft.transform(re, im, true);
      System.arraycopy(re, taps - 1, out, done, m);
      // Keep the last taps-1 inputs seen so far (they may straddle the old history and this block).
      double[] joined = new double[taps - 1 + m];
      System.arraycopy(history, 0, joined, 0, taps - 1);
      System.arraycopy(in, done, joined, taps - 1, m);
      System.arraycopy(joined, joined.length - (taps - 1), history, 0, taps - 1);
      done += m;
    }
    return out;
  }

  /**
   * Filters a whole series with the filter's centre at {@code delay}: {@code y[n] = sum_k h[k]
   * x[n + delay - k]}, i.e. a zero-phase result for a symmetric filter. Samples within the filter
   * length of either end see the implicit zeros beyond the data and should be cropped by callers.
   */
  static double[] centred(double[] x, double[] impulse, int delay) {
    FirFilter f = new FirFilter(impulse);
    double[] padded = new double[x.length + delay];
    System.arraycopy(x, 0, padded, 0, x.length);
    double[] y = f.process(padded);
    double[] out = new double[x.length];
    System.arraycopy(y, delay, out, 0, x.length);
    return out;
  }
}
