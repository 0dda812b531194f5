package dev.pipeline.sandbox;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The sensitive-volume figure: SV with 1-sigma error bars against FAR per day on a log axis. The
 * grid has a point per background event (up to thousands), so the figure shows about 40
 * log-spaced ones; sv.json keeps them all.
 */
final class SvPlot {
  private SvPlot() {}

  /** Writes a PNG to {@code file}. */
  static void write(Path file, List<SensitiveVolumeCalculator.Point> points, String title) throws IOException {
    System.setProperty("java.awt.headless", "true");
    points = logSpaced(points, 40);
    double[] far = new double[points.size()];
    double[] sv = new double[points.size()];
    double[] err = new double[points.size()];
    for (int i = 0; i < points.size(); i++) {
      far[i] = points.get(i).far() * 86400;
      sv[i] = points.get(i).volume();
      err[i] = points.get(i).volumeError();
    }
    XYChart chart = new XYChartBuilder().width(800).height(560).title(title)
        .xAxisTitle("false-alarm rate [1/day]").yAxisTitle("sensitive volume [Gpc^3]").build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setErrorBarsColorSeriesColor(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    if (points.isEmpty()) {
      far = new double[] {1};
      sv = new double[] {0};
      err = new double[] {0};
    }
    chart.addSeries("sandbox CNN", far, sv, err).setMarker(SeriesMarkers.CIRCLE);
    // The saveBitmap(...) methods are deprecated in 4.0.3; render to an image and let ImageIO write it.
    if (!javax.imageio.ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", file.toFile())) {
      throw new IOException("no PNG writer available");
    }
  }

  /** About n points with k spread evenly in log k (always the first and the last). */
  static List<SensitiveVolumeCalculator.Point> logSpaced(List<SensitiveVolumeCalculator.Point> all, int n) {
    if (all.size() <= n) {
      return all;
    }
    java.util.TreeSet<Integer> keep = new java.util.TreeSet<>();
    for (int i = 0; i < n; i++) {
      keep.add((int) Math.round(Math.pow(all.size(), i / (n - 1.0))) - 1);
    }
    return keep.stream().map(all::get).toList();
  }
}
