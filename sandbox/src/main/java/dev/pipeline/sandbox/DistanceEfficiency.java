package dev.pipeline.sandbox;

/**
 * Efficiency in bins of luminosity distance at one threshold: found-above-threshold over drawn
 * (rejected injections count as drawn and missed). If the outermost bin still finds more than
 * {@link #WARN_ABOVE} of its injections, dmax cuts the population off and the sensitive volume is
 * underestimated.
 */
final class DistanceEfficiency {
  static final double WARN_ABOVE = 0.01;

  private DistanceEfficiency() {}

  /**
   * @param bins number of equal-width bins on (0, dmax]
   * @return efficiency per bin (NaN where a bin drew nothing)
   */
  static double[] byBin(double threshold, double[] foundStat, double[] foundDistance, double[] rejectedDistance,
      double dmax, int bins) {
    double[] drawn = new double[bins];
    double[] found = new double[bins];
    for (int i = 0; i < foundStat.length; i++) {
      int b = bin(foundDistance[i], dmax, bins);
      drawn[b]++;
      if (foundStat[i] >= threshold) {
        found[b]++;
      }
    }
    for (double d : rejectedDistance) {
      drawn[bin(d, dmax, bins)]++;
    }
    double[] out = new double[bins];
    for (int b = 0; b < bins; b++) {
      out[b] = drawn[b] > 0 ? found[b] / drawn[b] : Double.NaN;
    }
    return out;
  }

  /** The warning for results when the outermost bin is more than {@link #WARN_ABOVE} efficient. */
  static java.util.Optional<String> warning(double[] byBin, double dmax, String farPerDay) {
    int bins = byBin.length;
    double outer = byBin[bins - 1];
    if (!(outer > WARN_ABOVE)) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(String.format("the outermost distance bin (%.0f-%.0f Mpc) is %.1f %% efficient at"
        + " FAR %s/day: dmax cuts the population off and the sensitive volume is underestimated; raise"
        + " GenerateTestData's dmax (0 = the detector horizon)", dmax * (bins - 1) / bins, dmax, 100 * outer,
        farPerDay));
  }

  private static int bin(double d, double dmax, int bins) {
    return Math.max(0, Math.min(bins - 1, (int) (d / dmax * bins)));
  }
}
