package dev.pipeline.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SensitiveVolumeCalculatorTest {
  private static final double TB = 86400;

  private static double[] gaussian(int n, long seed, double mean) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = mean + r.nextGaussian();
    }
    return x;
  }

  @Test
  void thresholdForKIsTheKthLoudestAndLetsExactlyKEventsThrough() {
    double[] background = gaussian(5000, 1, 0);
    List<SensitiveVolumeCalculator.Point> points = SensitiveVolumeCalculator.compute(background, TB,
        new double[] {0}, new double[] {1}, new double[0], 1, 500);
    assertEquals(500, points.size());
    for (SensitiveVolumeCalculator.Point p : points) {
      long above = Arrays.stream(background).filter(b -> b >= p.threshold()).count();
      assertEquals(p.k(), above, "background events at or above the k-th loudest");
      assertEquals(p.k() / TB, p.far(), 1e-15);
      assertEquals(p.far() * TB, above, 1e-9, "rate above threshold x Tb = k");
    }
  }

  @Test
  void volumeIsNonDecreasingInFar() {
    double[] found = gaussian(400, 2, 1.5);
    List<SensitiveVolumeCalculator.Point> points = SensitiveVolumeCalculator.compute(gaussian(3000, 3, 0), TB,
        found, SensitiveVolumeCalculator.equalWeights(400), SensitiveVolumeCalculator.equalWeights(100), 10, 2000);
    for (int i = 1; i < points.size(); i++) {
      assertTrue(points.get(i).far() > points.get(i - 1).far());
      assertTrue(points.get(i).volume() >= points.get(i - 1).volume(), "SV(FAR) must not decrease");
    }
    assertTrue(points.get(points.size() - 1).volume() > points.get(0).volume());
  }

  @Test
  void everythingFoundGivesV0() {
    double[] found = gaussian(300, 4, 100); // far louder than any background event
    List<SensitiveVolumeCalculator.Point> points = SensitiveVolumeCalculator.compute(gaussian(1000, 5, 0), TB,
        found, SensitiveVolumeCalculator.equalWeights(300), new double[0], 268.08, 50);
    for (SensitiveVolumeCalculator.Point p : points) {
      assertEquals(268.08, p.volume(), 1e-9);
      assertEquals(0, p.volumeError(), 1e-12);
    }
  }

  @Test
  void rejectedInjectionsCountAsMissed() {
    double[] found = gaussian(300, 6, 100);
    List<SensitiveVolumeCalculator.Point> points = SensitiveVolumeCalculator.compute(gaussian(1000, 7, 0), TB,
        found, SensitiveVolumeCalculator.equalWeights(300), SensitiveVolumeCalculator.equalWeights(100), 8, 10);
    SensitiveVolumeCalculator.Point p = points.get(0);
    assertEquals(0.75, p.efficiency(), 1e-12, "300 found of 400 drawn");
    assertEquals(6.0, p.volume(), 1e-9);
    assertEquals(Math.sqrt(0.75 * 0.25 / 400), p.efficiencyError(), 1e-12, "binomial error");
  }

  @Test
  void theGridStartsWhereEnoughBackgroundEventsAreAboveThreshold() {
    List<SensitiveVolumeCalculator.Point> points = SensitiveVolumeCalculator.compute(gaussian(2000, 8, 0), TB,
        gaussian(100, 9, 2), SensitiveVolumeCalculator.equalWeights(100), new double[0], 1, 10, 200);
    assertEquals(10, points.get(0).k());
    assertEquals(191, points.size());
  }

  @Test
  void bootstrapSpreadOfTheThresholdShrinksRelativeToTheTailAsKGrows() {
    double[] background = gaussian(20_000, 10, 0);
    double[] found = gaussian(500, 11, 3);
    List<SensitiveVolumeCalculator.Point> points = SensitiveVolumeCalculator.compute(background, TB, found,
        SensitiveVolumeCalculator.equalWeights(500), new double[0], 1, 1, 1000);
    List<SensitiveVolumeCalculator.Spread> spread = SensitiveVolumeCalculator.bootstrap(background, points, found,
        SensitiveVolumeCalculator.equalWeights(500), 500, 300, new SplittableRandom(1));
    // The k-th loudest of n normals: its spread is about sqrt(k) / (n phi(t)) (order statistics).
    for (int k : new int[] {10, 100, 1000}) {
      SensitiveVolumeCalculator.Point p = points.get(k - 1);
      double t = p.threshold();
      double phi = Math.exp(-t * t / 2) / Math.sqrt(2 * Math.PI);
      double expected = Math.sqrt(k) / (background.length * phi);
      assertEquals(expected, spread.get(k - 1).threshold(), 0.3 * expected, "k = " + k);
      assertTrue(spread.get(k - 1).efficiency() > 0, "a threshold that moves moves the efficiency");
    }
    List<SensitiveVolumeCalculator.Spread> again = SensitiveVolumeCalculator.bootstrap(background, points, found,
        SensitiveVolumeCalculator.equalWeights(500), 500, 300, new SplittableRandom(1));
    assertEquals(spread, again, "deterministic for a seed");
  }

  @Test
  void efficiencyByDistanceCountsRejectedInjectionsAsMissed() {
    double[] stat = {5, 5, 1, 5};
    double[] distance = {100, 150, 950, 990};
    double[] bins = DistanceEfficiency.byBin(2, stat, distance, new double[] {960, 970, 980}, 1000, 10);
    assertEquals(1.0, bins[1]);
    assertEquals(0.2, bins[9], 1e-12, "one found of five drawn in the outer bin");
    assertTrue(Double.isNaN(bins[5]));
    String warning = DistanceEfficiency.warning(bins, 1000, "9.8").orElseThrow();
    assertTrue(warning.startsWith("the outermost distance bin (900-1000 Mpc) is 20.0 % efficient at FAR 9.8/day"),
        warning);
    bins[9] = 0.01;
    assertTrue(DistanceEfficiency.warning(bins, 1000, "9.8").isEmpty(), "1 % is the limit");
  }
}
