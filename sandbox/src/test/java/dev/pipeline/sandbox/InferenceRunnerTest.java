package dev.pipeline.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The streaming machinery with a transparent stand-in classifier (excess power in the window), so
 * that the test checks time shifts, injection placement, integration and clustering, not training.
 */
class InferenceRunnerTest {
  private static final double FS = 256;
  private static final int K = 256;

  /** Whitened-like unit white noise plus injections of a chirp at chosen SNRs. */
  private static InferenceRunner.Injection chirp(int index, int shift, long sample, double snr) {
    double[][] h = Waveform.project(new Source(30, 30, 400, 0.3, 0.2, 0.1, 1, 0.5),
        List.of(Detector.H1, Detector.L1), FS, 1024, 896);
    double norm = Math.sqrt(sumSquares(h[0]) + sumSquares(h[1]));
    float[][] w = new float[2][1024];
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < 1024; i++) {
        w[c][i] = (float) (h[c][i] * snr / norm);
      }
    }
    return new InferenceRunner.Injection(index, shift, sample, w, 896);
  }

  private static double sumSquares(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v * v;
    }
    return s;
  }

  private static final InferenceRunner.Classifier EXCESS_POWER = (x, n) -> {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int j = 0; j < 2 * K; j++) {
        s += x[i * 2 * K + j] * x[i * 2 * K + j];
      }
      out[i] = (float) ((s - 2 * K) / Math.sqrt(4 * K));
    }
    return out;
  };

  @Test
  void loudInjectionsBeatTheLoudestBackgroundAndBackgroundReachesTb() throws Exception {
    int samples = (int) (400 * FS);
    SplittableRandom r = new SplittableRandom(9);
    float[][] data = new float[2][samples];
    for (float[] row : data) {
      for (int i = 0; i < samples; i++) {
        row[i] = (float) r.nextGaussian();
      }
    }
    List<InferenceRunner.Injection> injections = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      injections.add(chirp(i, i % 3, 1000 + 4000L * i, 40));
    }
    int offset = 128;
    // injection samples are raw; the stream starts at raw sample `offset`
    List<InferenceRunner.Injection> raw = new ArrayList<>();
    for (InferenceRunner.Injection inj : injections) {
      raw.add(new InferenceRunner.Injection(inj.index(), inj.shift(), inj.sample() + offset, inj.strain(), inj.peak()));
    }
    InferenceRunner.Settings s = new InferenceRunner.Settings(K, 64, 4, 32, 256, FS, 4000, 128, 2);
    InferenceRunner.Output out = new InferenceRunner(s, data, offset).run(EXCESS_POWER, raw, m -> { });

    assertTrue(out.livetime() >= 4000, "livetime reaches Tb: " + out.livetime());
    double perShift = (samples - K) / FS;
    assertTrue(out.livetime() < 4000 + perShift, "no more shifts than needed");
    double loudest = out.background().stream().mapToDouble(InferenceRunner.Event::statistic).max().orElseThrow();
    assertEquals(20, out.foreground().size());
    for (InferenceRunner.Found f : out.foreground()) {
      assertTrue(f.statistic() > loudest, "injection " + f.index() + ": " + f.statistic() + " <= " + loudest);
      double merger = (1000 + 4000L * f.index() + offset) / FS;
      assertTrue(f.time() >= merger && f.time() <= merger + 2.5, "event time follows the merger");
    }
    // clustering: events of one shift are more than half a cluster window apart
    for (int shift = 1; shift <= out.shifts(); shift++) {
      int sh = shift;
      double[] times = out.background().stream().filter(e -> e.shift() == sh)
          .mapToDouble(InferenceRunner.Event::time).sorted().toArray();
      for (int i = 1; i < times.length; i++) {
        assertTrue(times[i] - times[i - 1] > 4 - 1e-9, "clustered events " + times[i - 1] + ", " + times[i]);
      }
    }
  }

  @Test
  void resultDoesNotDependOnStreams() throws Exception {
    float[][] data = new float[2][(int) (100 * FS)];
    SplittableRandom r = new SplittableRandom(2);
    for (float[] row : data) {
      for (int i = 0; i < row.length; i++) {
        row[i] = (float) r.nextGaussian();
      }
    }
    InferenceRunner.Output one = new InferenceRunner(
        new InferenceRunner.Settings(K, 64, 4, 32, 256, FS, 500, 64, 1), data, 0).run(EXCESS_POWER, List.of(), m -> { });
    InferenceRunner.Output two = new InferenceRunner(
        new InferenceRunner.Settings(K, 64, 4, 32, 256, FS, 500, 100, 3), data, 0).run(EXCESS_POWER, List.of(), m -> { });
    assertEquals(one.background(), two.background());
  }
}
