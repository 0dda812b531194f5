package dev.pipeline.tasks.trainbench;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One benchmark result of one checkpoint, as the benchmark command wrote it (a JSON object). */
record Metrics(String checkpoint, long step, String benchmark, double accuracy, double loss) {
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?|NaN");

  /** Reads {@code "accuracy"}, {@code "loss"} and {@code "step"} from a flat JSON object. */
  static Metrics parse(String checkpoint, String benchmark, String json) {
    return new Metrics(checkpoint, (long) number(json, "step", checkpoint),
        benchmark, number(json, "accuracy", checkpoint), number(json, "loss", checkpoint));
  }

  private static double number(String json, String key, String checkpoint) {
    Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*(" + NUMBER.pattern() + ")").matcher(json);
    if (!m.find()) {
      throw new IllegalArgumentException("the benchmark result of " + checkpoint + " has no number '"
          + key + "': " + json.strip());
    }
    return Double.parseDouble(m.group(1));
  }

  static String csv(List<Metrics> rows) {
    StringBuilder out = new StringBuilder("checkpoint,step,benchmark,accuracy,loss\n");
    for (Metrics m : rows) {
      out.append(String.format(Locale.ROOT, "%s,%d,%s,%.6f,%.6f%n", m.checkpoint, m.step,
          m.benchmark, m.accuracy, m.loss));
    }
    return out.toString();
  }

  static String json(List<Metrics> rows) {
    StringBuilder out = new StringBuilder("[\n");
    for (int i = 0; i < rows.size(); i++) {
      Metrics m = rows.get(i);
      out.append(String.format(Locale.ROOT,
          "  {\"checkpoint\": \"%s\", \"step\": %d, \"benchmark\": \"%s\", \"accuracy\": %.6f,"
              + " \"loss\": %.6f}%s%n", m.checkpoint, m.step, m.benchmark, m.accuracy, m.loss,
          i + 1 < rows.size() ? "," : ""));
    }
    return out.append("]\n").toString();
  }
}
