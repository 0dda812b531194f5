package dev.pipeline.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A minimal inline-SVG x-y chart (points with error bars, lines, log or linear axes) for {@link ResultsPage}. */
final class SvgChart {
  private static final int W = 640;
  private static final int H = 400;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 30;
  private static final int BOTTOM = 50;
  private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};

  private record Series(String name, double[] x, double[] y, double[] err, boolean line) {}

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final boolean logX;
  private final boolean logY;
  private final List<Series> series = new ArrayList<>();

  SvgChart(String title, String xLabel, String yLabel, boolean logX, boolean logY) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    this.logX = logX;
    this.logY = logY;
  }

  SvgChart points(String name, double[] x, double[] y, double[] err) {
    series.add(new Series(name, x, y, err, false));
    return this;
  }

  SvgChart line(String name, double[] x, double[] y) {
    series.add(new Series(name, x, y, null, true));
    return this;
  }

  String render() {
    double[] xr = range(true);
    double[] yr = range(false);
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
        + " font-family=\"sans-serif\" font-size=\"12\">%n", W, H));
    b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"14\">%s</text>%n", LEFT, esc(title)));
    b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>%n",
        LEFT, TOP, W - LEFT - RIGHT, H - TOP - BOTTOM));
    for (int i = 0; i <= 4; i++) {
      double fx = xr[0] + (xr[1] - xr[0]) * i / 4;
      double fy = yr[0] + (yr[1] - yr[0]) * i / 4;
      double px = LEFT + (W - LEFT - RIGHT) * i / 4.0;
      double py = H - BOTTOM - (H - TOP - BOTTOM) * i / 4.0;
      b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", px,
          H - BOTTOM + 16, label(logX ? Math.pow(10, fx) : fx)));
      b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 6,
          py + 4, label(logY ? Math.pow(10, fy) : fy)));
    }
    b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
        (W + LEFT) / 2, H - 12, esc(xLabel)));
    b.append(String.format(Locale.ROOT, "<text transform=\"translate(16 %d) rotate(-90)\" text-anchor=\"middle\">%s</text>%n",
        (H - BOTTOM + TOP) / 2, esc(yLabel)));
    for (int s = 0; s < series.size(); s++) {
      Series ser = series.get(s);
      String colour = COLOURS[s % COLOURS.length];
      StringBuilder path = new StringBuilder();
      for (int i = 0; i < ser.x.length; i++) {
        if (!usable(ser.x[i], logX) || !usable(ser.y[i], logY)) {
          continue;
        }
        double px = px(ser.x[i], xr);
        double py = py(ser.y[i], yr);
        if (ser.line) {
          path.append(path.length() == 0 ? "M" : "L").append(String.format(Locale.ROOT, "%.1f %.1f ", px, py));
        } else {
          if (ser.err != null) {
            double lo = py(Math.max(ser.y[i] - ser.err[i], logY ? ser.y[i] / 10 : -Double.MAX_VALUE), yr);
            double hi = py(ser.y[i] + ser.err[i], yr);
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>%n",
                px, lo, px, hi, colour));
          }
          b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", px, py, colour));
        }
      }
      if (ser.line && path.length() > 0) {
        b.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"/>%n",
            path.toString().trim(), colour));
      }
      b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n", LEFT + 10,
          TOP + 16 + 15 * s, colour, esc(ser.name)));
    }
    return b.append("</svg>\n").toString();
  }

  private double px(double x, double[] r) {
    double v = logX ? Math.log10(x) : x;
    return LEFT + (W - LEFT - RIGHT) * (v - r[0]) / (r[1] - r[0]);
  }

  private double py(double y, double[] r) {
    double v = logY ? Math.log10(y) : y;
    v = Math.max(r[0], Math.min(r[1], v));
    return H - BOTTOM - (H - TOP - BOTTOM) * (v - r[0]) / (r[1] - r[0]);
  }

  private static boolean usable(double v, boolean log) {
    return Double.isFinite(v) && (!log || v > 0);
  }

  /** [min, max] of the data in axis units (log10 for log axes), with a margin; [0, 1] if empty. */
  private double[] range(boolean xAxis) {
    boolean log = xAxis ? logX : logY;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      double[] v = xAxis ? s.x : s.y;
      for (int i = 0; i < v.length; i++) {
        double top = !xAxis && s.err != null ? v[i] + s.err[i] : v[i];
        if (usable(v[i], log)) {
          lo = Math.min(lo, log ? Math.log10(v[i]) : v[i]);
          hi = Math.max(hi, log ? Math.log10(top) : top);
        }
      }
    }
    if (!(hi >= lo)) {
      return new double[] {0, 1};
    }
    if (!log && !xAxis) {
      lo = Math.min(lo, 0);
    }
    double pad = hi > lo ? 0.05 * (hi - lo) : 1;
    return new double[] {lo - (log || !xAxis && lo == 0 ? 0 : pad), hi + pad};
  }

  private static String label(double v) {
    if (v == 0) {
      return "0";
    }
    double a = Math.abs(v);
    return a >= 1e4 || a < 1e-2 ? String.format(Locale.ROOT, "%.1e", v) : String.format(Locale.ROOT, "%.3g", v);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
