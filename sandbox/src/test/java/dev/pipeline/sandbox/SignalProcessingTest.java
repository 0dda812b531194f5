package dev.pipeline.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** FFT, PSD-coloured noise, Welch estimation, whitening and SNR consistency. */
class SignalProcessingTest {
  private static final double FS = 256;

  @Test
  void fftMatchesNaiveDft() {
    int n = 64;
    double[] x = new double[n];
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < n; i++) {
      x[i] = r.nextGaussian();
    }
    double[][] fast = Fft.realForward(x);
    for (int k = 0; k <= n / 2; k++) {
      double re = 0;
      double im = 0;
      for (int t = 0; t < n; t++) {
        re += x[t] * Math.cos(2 * Math.PI * k * t / n);
        im -= x[t] * Math.sin(2 * Math.PI * k * t / n);
      }
      assertEquals(re, fast[0][k], 1e-9);
      assertEquals(im, fast[1][k], 1e-9);
    }
    double[] back = Fft.realInverse(fast[0], fast[1], n);
    for (int i = 0; i < n; i++) {
      assertEquals(x[i], back[i], 1e-12);
    }
  }

  @Test
  void streamingFilterEqualsOneShotFilter() {
    double[] taps = new double[33];
    SplittableRandom r = new SplittableRandom(4);
    for (int i = 0; i < taps.length; i++) {
      taps[i] = r.nextGaussian();
    }
    double[] x = new double[3000];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextGaussian();
    }
    double[] whole = new FirFilter(taps).process(x);
    FirFilter chunked = new FirFilter(taps);
    double[] a = chunked.process(java.util.Arrays.copyOfRange(x, 0, 1000));
    double[] b = chunked.process(java.util.Arrays.copyOfRange(x, 1000, 1007));
    double[] c = chunked.process(java.util.Arrays.copyOfRange(x, 1007, 3000));
    for (int n = 0; n < x.length; n++) {
      double direct = 0;
      for (int k = 0; k < taps.length && k <= n; k++) {
        direct += taps[k] * x[n - k];
      }
      double streamed = n < 1000 ? a[n] : n < 1007 ? b[n - 1000] : c[n - 1007];
      assertEquals(direct, whole[n], 1e-9);
      assertEquals(direct, streamed, 1e-9);
    }
  }

  /** Coloured noise has the model PSD, and after whitening a flat one (2/fs) in the pass band. */
  @Test
  void colouredNoiseHasModelSpectrumAndWhitensFlat() {
    double[] x = new ColoredNoise(Psd::aligo, FS, 11).next((int) (256 * FS));
    int nfft = 1024;
    Psd measured = Psd.welch(x, nfft, FS);
    for (double[] band : new double[][] {{20, 40}, {40, 80}, {80, 120}}) {
      double ratio = 0;
      int count = 0;
      for (int k = (int) (band[0] * nfft / FS); k < band[1] * nfft / FS; k++) {
        ratio += measured.values()[k] / Psd.aligo(k * FS / nfft);
        count++;
      }
      assertEquals(1.0, ratio / count, 0.05, "coloured PSD / model in " + band[0] + "-" + band[1] + " Hz");
    }
    Whitener w = Whitener.design(measured, FS, 1.0, 20);
    double[] white = w.whiten(x);
    double[] valid = java.util.Arrays.copyOfRange(white, w.edge(), white.length - w.edge());
    Psd flat = Psd.welch(valid, nfft, FS);
    for (double lo = 25; lo < 120; lo += 10) {
      double mean = flat.meanBetween(lo, lo + 10);
      assertEquals(2 / FS, mean, 0.1 * 2 / FS, "whitened density in " + lo + "-" + (lo + 10) + " Hz");
    }
    assertTrue(flat.meanBetween(2, 12) < 0.05 * 2 / FS, "below the high-pass the data are removed");
  }

  /** The whitened sum of squares is the optimal SNR computed from the model PSD. */
  @Test
  void whitenedNormEqualsOptimalSnr() {
    List<Detector> ifos = List.of(Detector.H1, Detector.L1);
    double[] noise = new ColoredNoise(Psd::aligo, FS, 12).next((int) (128 * FS));
    Whitener w = Whitener.design(Psd.welch(noise, 1024, FS), FS, 1.0, 20);
    SplittableRandom r = new SplittableRandom(5);
    for (int i = 0; i < 5; i++) {
      double[][] h = Waveform.project(Source.draw(r, 500), ifos, FS, 1024, 896);
      double[][] white = {w.whitenExtended(h[0]), w.whitenExtended(h[1])};
      double optimal = Waveform.optimalSnr(h, FS, 20);
      assertEquals(optimal, Whitener.snr(white), 0.06 * optimal);
      assertTrue(optimal > 5, "a 20-40 Msun binary at 500 Mpc is loud: " + optimal);
    }
  }

  @Test
  void detectorDelaysArePhysical() {
    double maxDelay = 0;
    for (double lon = 0; lon < 2 * Math.PI; lon += 0.3) {
      for (double lat = -1.5; lat < 1.5; lat += 0.3) {
        double dt = Detector.L1.delay(lon, lat) - Detector.H1.delay(lon, lat);
        maxDelay = Math.max(maxDelay, Math.abs(dt));
        double[] f = Detector.H1.response(lon, lat, 0.4);
        assertTrue(Math.hypot(f[0], f[1]) <= 1 + 1e-9);
      }
    }
    assertTrue(maxDelay > 0.009 && maxDelay < 0.0101, "H1-L1 light travel time ~10 ms: " + maxDelay);
  }
}
