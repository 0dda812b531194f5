package dev.pipeline.sandbox;

import java.util.List;

/**
 * The detector horizon: the luminosity distance beyond which no source of the prior can reach the
 * network SNR threshold, so injections drawn further out would all be rejected. Used as the
 * default {@code dmax}.
 *
 * <p>The bound takes the most favourable case of everything but the masses: a face-on source (its
 * two polarisations have equal amplitude, so the response is {@code F+^2 + Fx^2 <= 1} times the
 * optimal one whatever the polarisation angle) overhead of every detector at once, so the network
 * SNR is at most {@code sqrt(#ifos)} times that of one optimally oriented detector. The masses are
 * scanned on a grid over the prior (at each redshift, redshifted). Under the cosmological
 * population, SNR falls with z (distance grows faster than the redshifted chirp mass helps), and
 * the horizon is found by bisection; a 2 % margin covers the mass grid and the waveform buffer's
 * edges.
 */
final class Horizon {
  static final double MARGIN = 1.02;
  private static final int MASS_STEPS = 5;

  private Horizon() {}

  /** Luminosity distance in Mpc beyond which no injection can reach {@code threshold}. */
  static double distance(CosmologyModel model, List<Detector> ifos, double sampleRate, double highpass,
      double threshold) {
    double network = Math.sqrt(ifos.size());
    if (model == CosmologyModel.EUCLIDEAN) {
      return MARGIN * network * bestSnr(0, 1, sampleRate, highpass) / threshold;
    }
    Cosmology c = Cosmology.PLANCK15;
    double lo = 0;
    double hi = 0.05;
    while (network * bestSnr(hi, c.luminosityDistance(hi), sampleRate, highpass) >= threshold) {
      lo = hi;
      hi *= 2;
    }
    for (int i = 0; i < 30; i++) {
      double mid = (lo + hi) / 2;
      if (network * bestSnr(mid, c.luminosityDistance(mid), sampleRate, highpass) >= threshold) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return MARGIN * c.luminosityDistance(hi);
  }

  /** The largest single-detector optimal SNR over the mass grid, face-on at distance d, redshift z. */
  static double bestSnr(double z, double distance, double sampleRate, double highpass) {
    int length = (int) Math.round(TrainingDataGenerator.WAVEFORM_SECONDS * sampleRate);
    int coalescence = (int) Math.round(TrainingDataGenerator.COALESCENCE_SECONDS * sampleRate);
    double best = 0;
    for (int i = 0; i < MASS_STEPS; i++) {
      for (int j = 0; j <= i; j++) {
        double m1 = mass(i) * (1 + z);
        double m2 = mass(j) * (1 + z);
        Source s = new Source(m1, m2, distance, 0, 0, 0, 0, 0);
        double[] h = new double[length];
        for (int n = 0; n < length; n++) {
          h[n] = Waveform.polarizations(s, (n - coalescence) / sampleRate)[0];
        }
        Waveform.fadeIn(h, sampleRate);
        best = Math.max(best, Waveform.optimalSnr(new double[][] {h}, sampleRate, highpass));
      }
    }
    return best;
  }

  private static double mass(int i) {
    return Source.MASS_MIN + (Source.MASS_MAX - Source.MASS_MIN) * i / (MASS_STEPS - 1);
  }
}
