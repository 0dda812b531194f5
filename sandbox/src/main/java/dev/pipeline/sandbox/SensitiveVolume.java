package dev.pipeline.sandbox;

import dev.pipeline.api.targets.local.LocalFileTarget;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.targets.FileTarget;
import dev.pipeline.api.targets.Staged;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sensitive volume against false-alarm rate (see {@link SensitiveVolumeCalculator}): results/sv.json
 * (every FAR grid point with at least {@code min_background_events} background events above its
 * threshold, a summary at the grid points nearest 1, 10 and 100 per day labelled with their exact
 * FARs, the cosmology, and warnings) and results/sv.png.
 */
@Family(value = "sandbox.SensitiveVolume", description = "sensitive volume vs FAR from Infer's events")
public class SensitiveVolume extends ModelTask {
  @Param(name = "max_far", description = "per day; the FAR grid k/Tb stops here")
  double maxFar = 1000;

  @Param(name = "min_background_events", min = 1,
      description = "FARs are quoted only where at least this many background events are above threshold")
  int minBackgroundEvents = 10;

  @Param(name = "bootstrap_samples", min = 2,
      description = "resamples of the background for the threshold's uncertainty")
  int bootstrapSamples = 200;

  @Param(name = "distance_bins", min = 2, description = "bins of luminosity distance for the efficiency check")
  int distanceBins = 10;

  @Override
  public Object requires() {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("infer", req(Infer.class));
    r.put("test", req(GenerateTestData.class));
    return r;
  }

  /** sv.json: the sensitive volume at each false alarm rate. */
  LocalFileTarget data() {
    return file(stageDirectory("results").resolve("sv.json"));
  }

  /** sv.png: the same as a plot. */
  LocalFileTarget plot() {
    return file(stageDirectory("results").resolve("sv.png"));
  }

  /** sensitive_volume.h5: the grid in aframe's layout ({@link Hdf5Files}). */
  LocalFileTarget hdf5() {
    return file(stageDirectory("results").resolve("sensitive_volume.h5"));
  }

  /** sv.html: a self-contained results page ({@link ResultsPage}). */
  LocalFileTarget page() {
    return file(stageDirectory("results").resolve("sv.html"));
  }

  @Override
  public Map<String, FileTarget> output() {
    Map<String, FileTarget> out = new LinkedHashMap<>();
    out.put("data", data());
    out.put("plot", plot());
    out.put("hdf5", hdf5());
    out.put("page", page());
    return out;
  }

  @Override
  public void run(TaskContext context) throws Exception {
    clearOutputs();
    Infer infer = input(Infer.class);
    Path test = input(GenerateTestData.class).output().path();
    JsonNode inferMeta = Json.read(infer.metadata().path());
    JsonNode testMeta = Json.read(test.resolve("metadata.json"));
    double tb = inferMeta.get("Tb").asDouble();
    double v0 = testMeta.get("v0_gpc3").asDouble();
    double dmax = testMeta.get("dmax_mpc").asDouble();
    String cosmology = testMeta.path("cosmology").asText("EUCLIDEAN");
    double[] background = NpyReader.readTable(infer.background().path()).get("detection_statistic");
    Map<String, double[]> foreground = NpyReader.readTable(infer.foreground().path());
    double[] found = foreground.get("detection_statistic");
    double[] foundDistance = distancesOf(foreground.get("injection_index"),
        NpyReader.readTable(test.resolve("injections.npy")));
    double[] rejectedDistance = NpyReader.readTable(test.resolve("rejected.npy")).get("distance");
    int rejected = rejectedDistance.length;
    int maxK = (int) Math.floor(maxFar * tb / 86400);
    double[] foundWeights = SensitiveVolumeCalculator.equalWeights(found.length);
    List<SensitiveVolumeCalculator.Point> points = SensitiveVolumeCalculator.compute(background, tb, found,
        foundWeights, SensitiveVolumeCalculator.equalWeights(rejected), v0, minBackgroundEvents, maxK);
    List<SensitiveVolumeCalculator.Spread> spreads = SensitiveVolumeCalculator.bootstrap(background, points, found,
        foundWeights, found.length + rejected, bootstrapSamples, Seeds.random(seed, "sv-bootstrap", 0));

    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < points.size(); i++) {
      rows.add(row(points.get(i), spreads.get(i), v0));
    }
    List<String> warnings = new ArrayList<>();
    List<Map<String, Object>> summary = new ArrayList<>();
    List<Map<String, Object>> notReported = new ArrayList<>();
    for (double perDay : new double[] {1, 10, 100}) {
      int k = (int) Math.round(perDay * tb / 86400);
      int at = k - Math.max(1, minBackgroundEvents);
      if (at < 0 || at >= points.size()) {
        Map<String, Object> m = ordered();
        m.put("far_nominal_per_day", perDay);
        m.put("background_events_above", k);
        m.put("reason", k < minBackgroundEvents
            ? String.format("only %d background event(s) above threshold (< min_background_events %d); extend Tb",
                k, minBackgroundEvents)
            : "beyond max_far or the background events available");
        notReported.add(m);
        continue;
      }
      SensitiveVolumeCalculator.Point p = points.get(at);
      Map<String, Object> m = new LinkedHashMap<>(rows.get(at));
      m.put("far_nominal_per_day", perDay);
      double[] byDistance = DistanceEfficiency.byBin(p.threshold(), found, foundDistance, rejectedDistance, dmax,
          distanceBins);
      m.put("efficiency_by_distance", toList(byDistance));
      DistanceEfficiency.warning(byDistance, dmax, farLabel(p.far() * 86400)).ifPresent(warnings::add);
      summary.add(m);
    }

    Map<String, Object> doc = ordered();
    doc.put("cosmology", cosmology);
    doc.put("population", testMeta.path("population").asText(""));
    doc.put("Tb", tb);
    doc.put("v0_gpc3", v0);
    doc.put("dmax_mpc", dmax);
    doc.put("dmax_source", testMeta.path("dmax_source").asText("dmax parameter"));
    doc.put("horizon_mpc", testMeta.path("horizon_mpc").asDouble(Double.NaN));
    doc.put("num_injected", found.length);
    doc.put("num_rejected", rejected);
    doc.put("weighting", "equal weights over all injections drawn; rejected ones count as missed");
    doc.put("min_background_events", minBackgroundEvents);
    doc.put("bootstrap_samples", bootstrapSamples);
    doc.put("errors", "sv_err_gpc3: binomial over injections; sv_err_threshold_gpc3: bootstrap over background"
        + " events (the threshold's own uncertainty)");
    doc.put("distance_bins_mpc", toList(binEdges(dmax)));
    doc.put("warnings", warnings);
    doc.put("summary", summary);
    doc.put("not_reported", notReported);
    doc.put("points", rows);
    String title = String.format("Sensitive volume (Tb = %.1f h, %s, %s)", tb / 3600, modelSource, cosmology);
    try (Staged json = data().stage();
        Staged png = plot().stage();
        Staged h5 = hdf5().stage();
        Staged html = page().stage()) {
      Json.write(json.path(), doc);
      SvPlot.write(png.path(), points, title);
      Hdf5Files.writeSensitiveVolume(h5.path(), points, spreads, tb, v0, cosmology,
          testMeta.path("population").asText(""));
      ResultsPage.write(html.path(), title, doc, points, background, found);
      json.commit();
      png.commit();
      h5.commit();
      html.commit();
    }
    for (Map<String, Object> s : summary) {
      context.log().printf("FAR %s/day (nominal %s): SV %.2f +- %.2f (binomial) +- %.2f (threshold) Gpc^3 [%s],"
          + " efficiency %.4f%n", farLabel((double) s.get("far_per_day")), s.get("far_nominal_per_day"),
          (double) s.get("sv_gpc3"), (double) s.get("sv_err_gpc3"), (double) s.get("sv_err_threshold_gpc3"),
          cosmology, (double) s.get("efficiency"));
    }
    for (Map<String, Object> s : notReported) {
      context.log().printf("FAR %s/day not reported: %s%n", s.get("far_nominal_per_day"), s.get("reason"));
    }
    for (String w : warnings) {
      context.log().println("WARNING: " + w);
    }
  }

  /** A FAR per day with three significant digits: the grid's exact k/Tb, not the nominal value. */
  static String farLabel(double perDay) {
    return new java.math.BigDecimal(perDay).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
  }

  private double[] binEdges(double dmax) {
    double[] edges = new double[distanceBins + 1];
    for (int i = 0; i <= distanceBins; i++) {
      edges[i] = dmax * i / distanceBins;
    }
    return edges;
  }

  private static double[] distancesOf(double[] injectionIndex, Map<String, double[]> injections) {
    Map<Long, Double> byIndex = new HashMap<>();
    double[] index = injections.get("index");
    double[] distance = injections.get("distance");
    for (int i = 0; i < index.length; i++) {
      byIndex.put((long) index[i], distance[i]);
    }
    double[] out = new double[injectionIndex.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = byIndex.get((long) injectionIndex[i]);
    }
    return out;
  }

  private static List<Double> toList(double[] x) {
    List<Double> out = new ArrayList<>(x.length);
    for (double v : x) {
      out.add(Double.isNaN(v) ? null : v);
    }
    return out;
  }

  private static Map<String, Object> row(SensitiveVolumeCalculator.Point p, SensitiveVolumeCalculator.Spread s,
      double v0) {
    Map<String, Object> m = ordered();
    m.put("k", p.k());
    m.put("far_per_s", p.far());
    m.put("far_per_day", p.far() * 86400);
    m.put("far_per_year", p.far() * 86400 * 365.25);
    m.put("threshold", p.threshold());
    m.put("threshold_err", s.threshold());
    m.put("efficiency", p.efficiency());
    m.put("efficiency_err", p.efficiencyError());
    m.put("efficiency_err_threshold", s.efficiency());
    m.put("sv_gpc3", p.volume());
    m.put("sv_err_gpc3", p.volumeError());
    m.put("sv_err_threshold_gpc3", v0 * s.efficiency());
    return m;
  }
}
