package dev.pipeline.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The classifier's anti-aliasing front end: keeps the band, removes what would alias into it. */
class AntiAliasTest {
  private static double rmsAfter(double frequency, double sampleRate) {
    int factor = AntiAlias.factor(sampleRate);
    float[] taps = AntiAlias.taps(factor);
    int n = 8192;
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (Math.sqrt(2) * Math.sin(2 * Math.PI * frequency * i / sampleRate + 0.3));
    }
    int out = AntiAlias.outputLength(n, factor, taps.length);
    float[] y = new float[out];
    AntiAlias.apply(x, 0, 1, n, factor, taps, y, out);
    double s = 0;
    for (float v : y) {
      s += v * v;
    }
    return Math.sqrt(s / out);
  }

  @Test
  void theBandIsKeptAndWhatWouldAliasIsRemoved() {
    for (double fs : new double[] {512, 1024, 2048}) {
      for (double f : new double[] {20, 60, 95}) {
        assertEquals(1, rmsAfter(f, fs), 0.01, f + " Hz at " + fs + " Hz passes");
      }
      for (double f = 142; f < fs / 2; f += 37) {
        assertTrue(rmsAfter(f, fs) < 1e-3, f + " Hz at " + fs + " Hz is suppressed: " + rmsAfter(f, fs));
      }
    }
  }

  @Test
  void atTheModelRateThereIsNoFilterAndOtherRatesMustBeWholeMultiples() {
    assertEquals(1, AntiAlias.factor(256));
    assertEquals(0, AntiAlias.taps(1).length);
    assertEquals(8, AntiAlias.factor(2048));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AntiAlias.factor(300));
    assertTrue(e.getMessage().contains("whole multiple of 256"), e.getMessage());
  }
}
