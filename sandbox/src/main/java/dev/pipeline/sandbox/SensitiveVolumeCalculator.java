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
 *   <li>The grid starts at {@code minEvents} (10 by default): a threshold set by fewer background
 *       events is too noisy to quote.
 *   <li>The threshold's own uncertainty comes from a bootstrap over the background events
 *       ({@link #bootstrap}): the spread of the k-th loudest event over resamples, and the spread of
 *       the efficiency it causes, reported beside the binomial error.
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
    return compute(background, livetime, found, foundWeights, rejectedWeights, v0, 1, maxEvents);
  }

  /** As above, with the grid starting at {@code minEvents} background events above threshold. */
  static List<Point> compute(double[] background, double livetime, double[] found, double[] foundWeights,
      double[] rejectedWeights, double v0, int minEvents, int maxEvents) {
    double[] sorted = background.clone();
    Arrays.sort(sorted);
    double total = Arrays.stream(foundWeights).sum() + Arrays.stream(rejectedWeights).sum();
    if (!(total > 0)) {
      throw new IllegalArgumentException("no injections to compute an efficiency from");
    }
    int kMax = Math.min(maxEvents, sorted.length);
    List<Point> out = new ArrayList<>(kMax);
    for (int k = Math.max(1, minEvents); k <= kMax; k++) {
      double threshold = sorted[sorted.length - k];
      double mu = efficiency(threshold, found, foundWeights, total);
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

  static double efficiency(double threshold, double[] found, double[] foundWeights, double total) {
    double mu = 0;
    for (int i = 0; i < found.length; i++) {
      if (found[i] >= threshold) {
        mu += foundWeights[i] / total;
      }
    }
    return mu;
  }

  /** Standard deviations over bootstrap resamples of the background at one grid point. */
  record Spread(double threshold, double efficiency) {}

  /**
   * Resamples the background events with replacement {@code samples} times; for each point, the
   * spread of its threshold (the k-th loudest of the resample) and of the efficiency at that
   * threshold. This is the uncertainty from having only k events above threshold, which the
   * binomial error over injections leaves out.
   */
  static List<Spread> bootstrap(double[] background, List<Point> points, double[] found, double[] foundWeights,
      double totalWeight, int samples, java.util.SplittableRandom random) {
    int n = background.length;
    double[][] thresholds = new double[points.size()][samples];
    double[][] efficiencies = new double[points.size()][samples];
    double[] resample = new double[n];
    // Efficiency at any threshold by binary search: stats ascending, weight at or above each.
    Integer[] order = new Integer[found.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(found[a], found[b]));
    double[] stats = new double[found.length];
    double[] above = new double[found.length + 1];
    for (int i = found.length - 1; i >= 0; i--) {
      stats[i] = found[order[i]];
      above[i] = above[i + 1] + foundWeights[order[i]] / totalWeight;
    }
    for (int b = 0; b < samples; b++) {
      for (int i = 0; i < n; i++) {
        resample[i] = background[random.nextInt(n)];
      }
      Arrays.sort(resample);
      for (int p = 0; p < points.size(); p++) {
        double t = resample[n - points.get(p).k()];
        thresholds[p][b] = t;
        efficiencies[p][b] = above[firstAtLeast(stats, t)];
      }
    }
    List<Spread> out = new ArrayList<>(points.size());
    for (int p = 0; p < points.size(); p++) {
      out.add(new Spread(std(thresholds[p]), std(efficiencies[p])));
    }
    return out;
  }

  /** The first index whose value is >= t in ascending x (x.length if none). */
  private static int firstAtLeast(double[] x, double t) {
    int lo = 0;
    int hi = x.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (x[mid] < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static double std(double[] x) {
    double mean = Arrays.stream(x).average().orElse(0);
    double ss = 0;
    for (double v : x) {
      ss += (v - mean) * (v - mean);
    }
    return x.length > 1 ? Math.sqrt(ss / (x.length - 1)) : 0;
  }

  static double[] equalWeights(int n) {
    double[] w = new double[n];
    Arrays.fill(w, 1.0);
    return w;
  }
}
