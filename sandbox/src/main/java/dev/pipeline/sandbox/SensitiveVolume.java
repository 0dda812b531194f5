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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sensitive volume against false-alarm rate (see {@link SensitiveVolumeCalculator}): results/sv.json
 * (every FAR grid point plus a summary at 1, 10, 100 per day) and results/sv.png.
 */
@Family(value = "sandbox.SensitiveVolume", description = "sensitive volume vs FAR from Infer's events")
public class SensitiveVolume extends ModelTask {
  @Param(name = "max_far", description = "per day; the FAR grid k/Tb stops here")
  double maxFar = 1000;

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

  @Override
  public Map<String, FileTarget> output() {
    Map<String, FileTarget> out = new LinkedHashMap<>();
    out.put("data", data());
    out.put("plot", plot());
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
    double[] background = NpyReader.readTable(infer.background().path()).get("detection_statistic");
    double[] found = NpyReader.readTable(infer.foreground().path()).get("detection_statistic");
    int rejected = NpyReader.readTable(test.resolve("rejected.npy")).get("index").length;
    int maxK = (int) Math.floor(maxFar * tb / 86400);
    List<SensitiveVolumeCalculator.Point> points = SensitiveVolumeCalculator.compute(background, tb, found,
        SensitiveVolumeCalculator.equalWeights(found.length), SensitiveVolumeCalculator.equalWeights(rejected),
        v0, maxK);

    Map<String, Object> doc = ordered();
    doc.put("Tb", tb);
    doc.put("v0_gpc3", v0);
    doc.put("dmax_mpc", testMeta.get("dmax_mpc").asDouble());
    doc.put("num_injected", found.length);
    doc.put("num_rejected", rejected);
    doc.put("weighting", "equal weights over all injections drawn; rejected ones count as missed");
    doc.put("summary", summary(points, tb));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (SensitiveVolumeCalculator.Point p : points) {
      rows.add(row(p));
    }
    doc.put("points", rows);
    try (Staged json = data().stage();
        Staged png = plot().stage()) {
      Json.write(json.path(), doc);
      SvPlot.write(png.path(), points, String.format("Sensitive volume (Tb = %.1f h, %s)", tb / 3600, modelSource));
      json.commit();
      png.commit();
    }
    for (Map<String, Object> s : summary(points, tb)) {
      context.log().printf("FAR %s/day: SV %.2f +- %.2f Gpc^3 (efficiency %.3f)%n", s.get("far_per_day"),
          (double) s.get("sv_gpc3"), (double) s.get("sv_err_gpc3"), (double) s.get("efficiency"));
    }
  }

  private static Map<String, Object> row(SensitiveVolumeCalculator.Point p) {
    Map<String, Object> m = ordered();
    m.put("k", p.k());
    m.put("far_per_s", p.far());
    m.put("far_per_day", p.far() * 86400);
    m.put("far_per_year", p.far() * 86400 * 365.25);
    m.put("threshold", p.threshold());
    m.put("efficiency", p.efficiency());
    m.put("efficiency_err", p.efficiencyError());
    m.put("sv_gpc3", p.volume());
    m.put("sv_err_gpc3", p.volumeError());
    return m;
  }

  /** The grid points nearest to 1, 10 and 100 false alarms per day (where the grid reaches). */
  static List<Map<String, Object>> summary(List<SensitiveVolumeCalculator.Point> points, double tb) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (double perDay : new double[] {1, 10, 100}) {
      int k = (int) Math.round(perDay * tb / 86400);
      if (k >= 1 && k <= points.size()) {
        Map<String, Object> m = row(points.get(k - 1));
        m.put("far_per_day", perDay);
        out.add(m);
      }
    }
    return out;
  }
}
