package dev.pipeline.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * results/sv.html: one self-contained page (inline SVG, no scripts, nothing fetched) with the
 * sensitive volume against FAR, the efficiency against distance at the summary FARs, and the
 * background and foreground distributions of the detection statistic, plus the summary table, the
 * cosmology and any warnings from sv.json.
 */
final class ResultsPage {
  private ResultsPage() {}

  @SuppressWarnings("unchecked")
  static void write(Path file, String title, Map<String, Object> doc, List<SensitiveVolumeCalculator.Point> points,
      double[] background, double[] found) throws IOException {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(SvgChart.esc(title))
        .append("</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:70em}"
            + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
            + ".warn{color:#a00}</style></head><body>\n");
    b.append("<h1>").append(SvgChart.esc(title)).append("</h1>\n");
    b.append("<p>Cosmology: <b>").append(SvgChart.esc(String.valueOf(doc.get("cosmology")))).append("</b> &mdash; ")
        .append(SvgChart.esc(String.valueOf(doc.get("population")))).append("</p>\n");
    b.append(String.format(Locale.ROOT, "<p>Tb = %.0f s, V0 = %.2f Gpc&sup3;, dmax = %.0f Mpc (%s), %s injected,"
        + " %s rejected.</p>%n", (double) doc.get("Tb"), (double) doc.get("v0_gpc3"), (double) doc.get("dmax_mpc"),
        SvgChart.esc(String.valueOf(doc.get("dmax_source"))), doc.get("num_injected"), doc.get("num_rejected")));
    for (String w : (List<String>) doc.get("warnings")) {
      b.append("<p class=\"warn\">Warning: ").append(SvgChart.esc(w)).append("</p>\n");
    }
    b.append("<table><tr><th>FAR/day (exact)</th><th>nominal</th><th>threshold</th><th>efficiency</th>"
        + "<th>SV [Gpc&sup3;]</th><th>&plusmn; binomial</th><th>&plusmn; threshold</th></tr>\n");
    for (Map<String, Object> s : (List<Map<String, Object>>) doc.get("summary")) {
      b.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%s</td><td>%.4g</td><td>%.4f</td><td>%.3g</td>"
          + "<td>%.2g</td><td>%.2g</td></tr>%n", SensitiveVolume.farLabel((double) s.get("far_per_day")),
          s.get("far_nominal_per_day"), (double) s.get("threshold"), (double) s.get("efficiency"),
          (double) s.get("sv_gpc3"), (double) s.get("sv_err_gpc3"), (double) s.get("sv_err_threshold_gpc3")));
    }
    b.append("</table>\n");
    for (Map<String, Object> s : (List<Map<String, Object>>) doc.get("not_reported")) {
      b.append("<p>FAR ").append(s.get("far_nominal_per_day")).append("/day not reported: ")
          .append(SvgChart.esc(String.valueOf(s.get("reason")))).append("</p>\n");
    }
    b.append(svChart(points, (String) doc.get("cosmology")));
    b.append(efficiencyChart(doc));
    b.append(distributionChart(background, found));
    b.append("</body></html>\n");
    Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
  }

  private static String svChart(List<SensitiveVolumeCalculator.Point> all, String cosmology) {
    List<SensitiveVolumeCalculator.Point> points = SvPlot.logSpaced(all, 60);
    double[] far = new double[points.size()];
    double[] sv = new double[points.size()];
    double[] err = new double[points.size()];
    for (int i = 0; i < far.length; i++) {
      far[i] = points.get(i).far() * 86400;
      sv[i] = points.get(i).volume();
      err[i] = points.get(i).volumeError();
    }
    return new SvgChart("Sensitive volume vs false-alarm rate (" + cosmology + ")", "FAR [1/day]",
        "SV [Gpc^3]", true, false).points("sandbox CNN (binomial 1-sigma)", far, sv, err).render();
  }

  @SuppressWarnings("unchecked")
  private static String efficiencyChart(Map<String, Object> doc) {
    List<Double> edges = (List<Double>) doc.get("distance_bins_mpc");
    double[] centres = new double[edges.size() - 1];
    for (int i = 0; i < centres.length; i++) {
      centres[i] = (edges.get(i) + edges.get(i + 1)) / 2;
    }
    SvgChart chart = new SvgChart("Efficiency vs luminosity distance", "luminosity distance [Mpc]", "efficiency",
        false, false);
    for (Map<String, Object> s : (List<Map<String, Object>>) doc.get("summary")) {
      List<Double> eff = (List<Double>) s.get("efficiency_by_distance");
      double[] y = eff.stream().mapToDouble(v -> v == null ? Double.NaN : v).toArray();
      chart.line("FAR " + SensitiveVolume.farLabel((double) s.get("far_per_day")) + "/day", centres, y);
    }
    return chart.render();
  }

  private static String distributionChart(double[] background, double[] found) {
    double lo = Math.min(min(background), min(found));
    double hi = Math.max(max(background), max(found));
    int bins = 40;
    double[] x = new double[bins];
    for (int i = 0; i < bins; i++) {
      x[i] = lo + (hi - lo) * (i + 0.5) / bins;
    }
    return new SvgChart("Detection statistic", "detection statistic", "events per bin", false, true)
        .line("background (time slides)", x, histogram(background, lo, hi, bins))
        .line("recovered injections", x, histogram(found, lo, hi, bins)).render();
  }

  private static double[] histogram(double[] v, double lo, double hi, int bins) {
    double[] h = new double[bins];
    for (double d : v) {
      int i = hi > lo ? (int) ((d - lo) / (hi - lo) * bins) : 0;
      h[Math.max(0, Math.min(bins - 1, i))]++;
    }
    return h;
  }

  private static double min(double[] v) {
    return Arrays.stream(v).min().orElse(0);
  }

  private static double max(double[] v) {
    return Arrays.stream(v).max().orElse(1);
  }
}
