package dev.pipeline.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rolling PSD: each block is whitened from the past psd_length seconds only. */
class RollingWhitenerTest {
  private static final double FS = 256;
  private static final int NFFT = 1024;
  private static final int PSD = 32 * 256;

  private static double[] noise(long seed, int n) {
    return new ColoredNoise(Psd::aligo, FS, seed).next(n);
  }

  @Test
  void eachBlockUsesTheWelchPsdOfThePsdLengthBeforeIt() {
    double[] raw = noise(1, 200 * 256);
    RollingWhitener w = new RollingWhitener(FS, PSD, NFFT, 1.0, 20);
    float[] white = w.whiten(raw, List.of());
    int hop = NFFT / 2;
    for (int m : new int[] {0, 7, 40}) {
      int from = PSD + m * hop;
      Whitener expected = Whitener.design(Psd.welch(Arrays.copyOfRange(raw, m * hop, from), NFFT, FS), FS, 1.0, 20);
      double[] block = expected.whitenRange(raw, from, hop);
      for (int i = 0; i < hop; i++) {
        assertEquals(block[i], white[from - PSD + i], 1e-5 * Math.max(1, Math.abs(block[i])), "block " + m);
      }
    }
  }

  @Test
  void theFutureNeverChangesThePast() {
    double[] raw = noise(2, 200 * 256);
    double[] louder = raw.clone();
    int change = 150 * 256;
    for (int i = change; i < louder.length; i++) {
      louder[i] *= 30; // a glitchy, much louder second half
    }
    RollingWhitener w = new RollingWhitener(FS, PSD, NFFT, 1.0, 20);
    float[] a = w.whiten(raw, List.of());
    float[] b = w.whiten(louder, List.of());
    int safe = change - 128 - PSD; // whitened index where the filter starts to see the change
    assertArrayEquals(Arrays.copyOf(a, safe), Arrays.copyOf(b, safe));
    // Well after the change the PSD has caught up and the output is white again.
    double var = 0;
    int from = a.length - 4096;
    for (int i = from; i < a.length; i++) {
      var += b[i] * (double) b[i];
    }
    assertEquals(1 - 2 * 20 / FS, var / 4096, 0.15, "unit variance in band after the PSD adapts");
  }

  @Test
  void injectionsAreWhitenedWithTheFilterOfTheirBlock() {
    double[] raw = noise(3, 120 * 256);
    RollingWhitener w = new RollingWhitener(FS, PSD, NFFT, 1.0, 20);
    double[] waveform = new double[512];
    waveform[256] = 1;
    List<double[]> got = new ArrayList<>();
    long position = PSD + 5 * 512 + 100;
    w.whiten(raw, List.of(new RollingWhitener.Request() {
      public long position() {
        return position;
      }

      public double[] waveform() {
        return waveform;
      }

      public void accept(double[] whitened) {
        got.add(whitened);
      }
    }));
    Whitener expected = Whitener.design(Psd.welch(Arrays.copyOfRange(raw, 5 * 512, PSD + 5 * 512), NFFT, FS),
        FS, 1.0, 20);
    assertArrayEquals(expected.whitenExtended(waveform), got.get(0), 1e-12);
  }
}
