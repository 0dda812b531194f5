package dev.pipeline.sandbox;

import java.util.Arrays;
import java.util.Comparator;

/** Area under the ROC curve and binary cross-entropy for scores (logits) and 0/1 labels. */
final class Auroc {
  private Auroc() {}

  /**
   * The Mann-Whitney statistic: the probability that a random positive scores above a random
   * negative, ties counting one half (average ranks).
   */
  static double of(double[] scores, int[] labels) {
    int n = scores.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
    double rankSumPositive = 0;
    long positives = 0;
    for (int i = 0; i < n; ) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double averageRank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        if (labels[order[k]] == 1) {
          rankSumPositive += averageRank;
          positives++;
        }
      }
      i = j + 1;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (rankSumPositive - positives * (positives + 1) / 2.0) / (positives * (double) negatives);
  }

  /** Binary cross-entropy of a logit, computed stably. */
  static double loss(double logit, int label) {
    return Math.max(logit, 0) - logit * label + Math.log1p(Math.exp(-Math.abs(logit)));
  }

  static double sigmoid(double x) {
    return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
  }
}
