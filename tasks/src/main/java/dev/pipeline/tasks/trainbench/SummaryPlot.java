package dev.pipeline.tasks.trainbench;

import java.util.List;
import java.util.Locale;

/** Accuracy against training step, one line per benchmark, as a self-contained SVG. */
final class SummaryPlot {
  private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};
  private static final int W = 640;
  private static final int H = 400;
  private static final int M = 50;

  private SummaryPlot() {}

  static String svg(List<Metrics> rows, List<String> benchmarks) {
    long maxStep = Math.max(1, rows.stream().mapToLong(Metrics::step).max().orElse(1));
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\""
        + " height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n", W, H));
    out.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", W, H));
    out.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
        M, H - M, W - M, H - M));
    out.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
        M, M, M, H - M));
    out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">training step"
        + " (max %d)</text>%n", W / 2, H - 15, maxStep));
    out.append(String.format(Locale.ROOT, "<text x=\"15\" y=\"%d\" transform=\"rotate(-90 15 %d)\""
        + " text-anchor=\"middle\">accuracy (0 to 1)</text>%n", H / 2, H / 2));
    for (int b = 0; b < benchmarks.size(); b++) {
      String name = benchmarks.get(b);
      String colour = COLOURS[b % COLOURS.length];
      StringBuilder points = new StringBuilder();
      for (Metrics m : rows) {
        if (m.benchmark().equals(name)) {
          double x = M + (W - 2.0 * M) * m.step() / maxStep;
          double y = H - M - (H - 2.0 * M) * Math.max(0, Math.min(1, m.accuracy()));
          points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
          out.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n",
              x, y, colour));
        }
      }
      out.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" points=\"%s\"/>%n",
          colour, points.toString().strip()));
      out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n",
          W - M - 100, M + 15 * (b + 1), colour, name));
    }
    return out.append("</svg>\n").toString();
  }
}
