package dev.pipeline.sandbox;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A small iterative radix-2 FFT. Every transform in the sandbox has a power-of-two length we
 * choose ourselves (Welch segments, overlap-save blocks, filter designs), and the largest is a few
 * thousand points, so a 60-line transform is enough and keeps the tasks module free of an FFT
 * library. Twiddle tables are cached per length because the same few sizes are used millions of
 * times.
 */
final class Fft {
  private static final ConcurrentHashMap<Integer, double[][]> TWIDDLES = new ConcurrentHashMap<>();

  private Fft() {}

  static boolean isPowerOfTwo(int n) {
    return n > 0 && (n & (n - 1)) == 0;
  }

  static int nextPowerOfTwo(int n) {
    int p = 1;
    while (p < n) {
      p <<= 1;
    }
    return p;
  }

  /** In-place complex transform; the inverse is scaled by 1/n so that inverse(forward(x)) == x. */
  static void transform(double[] re, double[] im, boolean inverse) {
    int n = re.length;
    if (!isPowerOfTwo(n) || im.length != n) {
      throw new IllegalArgumentException("FFT length must be a power of two, got " + n);
    }
    for (int i = 1, j = 0; i < n; i++) { // bit-reversal permutation
      int bit = n >> 1;
      for (; (j & bit) != 0; bit >>= 1) {
        j ^= bit;
      }
      j ^= bit;
      if (i < j) {
        double t = re[i];
        re[i] = re[j];
        re[j] = t;
        t = im[i];
        im[i] = im[j];
        im[j] = t;
      }
    }
    double[][] tw = twiddles(n);
    double sign = inverse ? 1 : -1;
    for (int len = 2; len <= n; len <<= 1) {
      int half = len >> 1;
      int step = n / len;
      for (int start = 0; start < n; start += len) {
        for (int k = 0; k < half; k++) {
          double wr = tw[0][k * step];
          double wi = sign * tw[1][k * step];
          int a = start + k;
          int b = a + half;
          double xr = re[b] * wr - im[b] * wi;
          double xi = re[b] * wi + im[b] * wr;
          re[b] = re[a] - xr;
          im[b] = im[a] - xi;
          re[a] += xr;
          im[a] += xi;
        }
      }
    }
    if (inverse) {
      for (int i = 0; i < n; i++) {
        re[i] /= n;
        im[i] /= n;
      }
    }
  }

  /** cos and sin of 2*pi*k/n for k < n/2. */
  private static double[][] twiddles(int n) {
    return TWIDDLES.computeIfAbsent(
        n,
        size -> {
          double[][] t = new double[2][Math.max(1, size / 2)];
          for (int k = 0; k < size / 2; k++) {
            double a = 2 * Math.PI * k / size;
            t[0][k] = Math.cos(a);
            t[1][k] = Math.sin(a);
          }
          return t;
        });
  }

  /** Spectrum of a real signal: {re, im} of bins 0..n/2 (n = x.length, a power of two). */
  static double[][] realForward(double[] x) {
    int n = x.length;
    double[] re = x.clone();
    double[] im = new double[n];
    transform(re, im, false);
    double[][] out = new double[2][n / 2 + 1];
    System.arraycopy(re, 0, out[0], 0, n / 2 + 1);
    System.arraycopy(im, 0, out[1], 0, n / 2 + 1);
    return out;
  }

  /** Real signal of length n from bins 0..n/2 (the Hermitian half). */
  static double[] realInverse(double[] binRe, double[] binIm, int n) {
    double[] re = new double[n];
    double[] im = new double[n];
    for (int k = 0; k <= n / 2; k++) {
      re[k] = binRe[k];
      im[k] = binIm[k];
      if (k > 0 && k < n / 2) {
        re[n - k] = binRe[k];
        im[n - k] = -binIm[k];
      }
    }
    im[0] = 0;
    im[n / 2] = 0;
    transform(re, im, true);
    return re;
  }
}
