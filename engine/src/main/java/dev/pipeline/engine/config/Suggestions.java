package dev.pipeline.engine.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/** "Did you mean" lookups for section and option names. */
public final class Suggestions {
  private Suggestions() {}

  /**
   * The candidate closest to {@code name}, ignoring case and {@code -}/{@code _}, when it is close
   * enough to be a plausible typo. Ties go to the alphabetically first candidate so messages are
   * stable from run to run.
   */
  public static Optional<String> closest(String name, Collection<String> candidates) {
    String needle = fold(name);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : new TreeSet<>(candidates)) {
      int d = distance(needle, fold(candidate));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= threshold(needle) ? Optional.of(best) : Optional.empty();
  }

  // One edit per four characters, at least one and at most three: "lr" must not suggest "q",
  // but "lerning_rat" should still find "learning_rate".
  private static int threshold(String s) {
    return Math.min(3, s.length() / 4 + 1);
  }

  private static String fold(String s) {
    return s.toLowerCase(Locale.ROOT).replace('-', '_');
  }

  /** Optimal-string-alignment distance: Levenshtein plus adjacent transpositions ("Trian"). */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          v = Math.min(v, d[i - 2][j - 2] + 1);
        }
        d[i][j] = v;
      }
    }
    return d[a.length()][b.length()];
  }
}
