package dev.pipeline.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Distances against closed forms, and the injection populations against their own integrals. */
class CosmologyTest {
  @Test
  void einsteinDeSitterAndPureLambdaMatchTheirClosedForms() {
    Cosmology eds = new Cosmology(70, 1);
    Cosmology lambda = new Cosmology(70, 0);
    for (double z : new double[] {0.01, 0.3, 1, 2.5}) {
      double dh = eds.hubbleDistance();
      assertEquals(2 * dh * (1 - 1 / Math.sqrt(1 + z)), eds.comovingDistance(z), 1e-9 * dh);
      assertEquals(dh * z, lambda.comovingDistance(z), 1e-9 * dh);
      assertEquals((1 + z) * dh * z, lambda.luminosityDistance(z), 1e-8 * dh);
    }
  }

  @Test
  void redshiftInvertsTheLuminosityDistance() {
    for (double z : new double[] {0.001, 0.2, 0.9, 1.7}) {
      double d = Cosmology.PLANCK15.luminosityDistance(z);
      assertEquals(z, Cosmology.PLANCK15.redshiftAt(d), 1e-9);
    }
  }

  @Test
  void nearbyTheCosmologicalPopulationIsEuclidean() {
    double d = 20;
    double euclid = Population.of(CosmologyModel.EUCLIDEAN, d).volume();
    assertEquals(4.0 / 3 * Math.PI * Math.pow(d / 1000, 3), euclid, 1e-15);
    assertEquals(euclid, Population.of(CosmologyModel.PLANCK15, d).volume(), 0.02 * euclid);
  }

  @Test
  void planckV0IsTheSourceFrameTimeWeightedComovingVolume() {
    Population p = Population.of(CosmologyModel.PLANCK15, 6000);
    double zmax = Cosmology.PLANCK15.redshiftAt(6000);
    assertEquals(integral(zmax), p.volume(), 1e-4 * p.volume());
    assertTrue(p.volume() < Cosmology.PLANCK15.comovingVolume(zmax), "1/(1+z) makes it smaller");
  }

  @Test
  void redshiftsAreDrawnUniformlyInComovingVolumeAndSourceFrameTime() {
    Population p = Population.of(CosmologyModel.PLANCK15, 6000);
    double zmax = Cosmology.PLANCK15.redshiftAt(6000);
    SplittableRandom random = new SplittableRandom(3);
    int n = 40_000;
    for (double fraction : new double[] {0.25, 0.5, 0.8}) {
      double z = fraction * zmax;
      double expected = integral(z) / integral(zmax);
      int below = 0;
      SplittableRandom r = random.split();
      for (int i = 0; i < n; i++) {
        Population.Placement at = p.draw(r);
        assertEquals(Cosmology.PLANCK15.luminosityDistance(at.redshift()), at.distance(), 1e-6 * at.distance());
        if (at.redshift() < z) {
          below++;
        }
      }
      double sigma = Math.sqrt(expected * (1 - expected) / n);
      assertEquals(expected, below / (double) n, 5 * sigma, "P(z < " + z + ")");
    }
  }

  /** int_0^z dVc/dz / (1 + z) dz in Gpc^3, by Simpson's rule on Cosmology's own volume element. */
  private static double integral(double z) {
    int n = 2000;
    double h = z / n;
    double sum = 0;
    for (int i = 0; i <= n; i++) {
      double x = i * h;
      double f = Cosmology.PLANCK15.differentialComovingVolume(x) / (1 + x);
      sum += (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2) * f;
    }
    return sum * h / 3;
  }

  @Test
  void noInjectionBeyondTheHorizonPassesTheThresholdAndSomeJustInsideDo() {
    List<Detector> ifos = List.of(Detector.parse("H1"), Detector.parse("L1"));
    double fs = 256;
    double threshold = 4;
    for (CosmologyModel model : CosmologyModel.values()) {
      double horizon = Horizon.distance(model, ifos, fs, 20, threshold);
      Population population = Population.of(model, 10 * horizon);
      SplittableRandom random = new SplittableRandom(11);
      int length = (int) Math.round(TrainingDataGenerator.WAVEFORM_SECONDS * fs);
      int coalescence = (int) Math.round(TrainingDataGenerator.COALESCENCE_SECONDS * fs);
      double loudestBeyond = 0;
      for (int i = 0; i < 300; i++) {
        double d = horizon * (1 + 0.2 * random.nextDouble());
        double z = population.redshiftAt(d);
        Source s = Source.draw(random, d).redshifted(z, d);
        double snr = Waveform.optimalSnr(Waveform.project(s, ifos, fs, length, coalescence), fs, 20);
        loudestBeyond = Math.max(loudestBeyond, snr);
      }
      assertTrue(loudestBeyond < threshold, model + ": SNR " + loudestBeyond + " beyond the horizon " + horizon);
      double inside = 0.9 * horizon;
      double best = Math.sqrt(2) * Horizon.bestSnr(population.redshiftAt(inside), inside, fs, 20);
      assertTrue(best > threshold, model + ": the best case 10 % inside the horizon passes (" + best + ")");
    }
  }
}
