package dev.pipeline.sandbox;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sensitive volume against false-alarm rate, following aframe's legacy plots (compute.py):
 *
 * <ul>
 *   <li>FAR grid {@code k / Tb}, k = 1..K; the threshold for FAR k/Tb is the k-th loudest
 *       background event, so exactly k background events reach it (ties aside).
 *   <li>Efficiency {@code mu(t) = sum_i w_i 1[stat_i >= t]} with weights normalised over
 *       <em>every</em> injection drawn, recovered or rejected: rejected injections (below the SNR
 *       cut, never injected) sit in the denominator with indicator 0, i.e. count as missed.
 *   <li>Error {@code sigma(t) = sqrt(sum_i w_i^2 (1_i - mu)^2)} over the same set, which for equal
 *       weights is the binomial {@code sqrt(mu (1 - mu) / N)}.
 *   <li>{@code SV = V0 mu}, error {@code V0 sigma}.
 * </ul>
 *
 * The weights are importance weights {@code p_target / p_injected}; the sandbox quotes SV for the
 * injected population itself, so callers pass equal weights (aframe reweights to mass-combination
 * targets at this point).
 */
final class SensitiveVolumeCalculator {
  record Point(int k, double far, double threshold, double efficiency, double efficiencyError,
      double volume, double volumeError) {}

  private SensitiveVolumeCalculator() {}

  /**
   * @param background detection statistics of the background events
   * @param livetime Tb in seconds
   * @param found statistics of the injected (accepted) injections
   * @param foundWeights their weights
   * @param rejectedWeights weights of the rejected injections
   * @param v0 volume the injections were drawn in
   * @param maxEvents the largest k (the grid stops earlier when there are fewer events)
   */
  static List<Point> compute(double[] background, double livetime, double[] found, double[] foundWeights,
      double[] rejectedWeights, double v0, int maxEvents) {
    double[] sorted = background.clone();
    Arrays.sort(sorted);
    double total = Arrays.stream(foundWeights).sum() + Arrays.stream(rejectedWeights).sum();
    if (!(total > 0)) {
      throw new IllegalArgumentException("no injections to compute an efficiency from");
    }
    int kMax = Math.min(maxEvents, sorted.length);
    List<Point> out = new ArrayList<>(kMax);
    for (int k = 1; k <= kMax; k++) {
      double threshold = sorted[sorted.length - k];
      double mu = 0;
      for (int i = 0; i < found.length; i++) {
        if (found[i] >= threshold) {
          mu += foundWeights[i] / total;
        }
      }
      double var = 0;
      for (int i = 0; i < found.length; i++) {
        double w = foundWeights[i] / total;
        double d = (found[i] >= threshold ? 1 : 0) - mu;
        var += w * w * d * d;
      }
      for (double rw : rejectedWeights) {
        double w = rw / total;
        var += w * w * mu * mu;
      }
      double sigma = Math.sqrt(var);
      out.add(new Point(k, k / livetime, threshold, mu, sigma, v0 * mu, v0 * sigma));
    }
    return out;
  }

  static double[] equalWeights(int n) {
    double[] w = new double[n];
    Arrays.fill(w, 1.0);
    return w;
  }
}
