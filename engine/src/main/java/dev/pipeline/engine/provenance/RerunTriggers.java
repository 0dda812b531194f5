package dev.pipeline.engine.provenance;

import java.util.ArrayList;
import java.util.List;

/**
 * What makes an existing output stale ({@code --rerun-triggers}, {@code [core] rerun_triggers}):
 * a changed significant parameter, a changed or missing input, a bumped family version. With none
 * an output that exists is complete whatever produced it (luigi's rule).
 */
public record RerunTriggers(boolean params, boolean input, boolean version) {
  public static final RerunTriggers ALL = new RerunTriggers(true, true, true);
  public static final RerunTriggers NONE = new RerunTriggers(false, false, false);

  /** What the option accepts, for messages. */
  public static final String ACCEPTED = "a comma-separated subset of params,input,version, or none";

  /**
   * Parses {@code params,input}, {@code none}, ...
   *
   * @throws IllegalArgumentException naming the bad word and what is accepted
   */
  public static RerunTriggers parse(String text) {
    boolean params = false;
    boolean input = false;
    boolean version = false;
    List<String> words = new ArrayList<>();
    for (String w : text.split(",", -1)) {
      words.add(w.strip());
    }
    if (words.size() == 1 && words.get(0).equals("none")) {
      return NONE;
    }
    for (String w : words) {
      switch (w) {
        case "params" -> params = true;
        case "input" -> input = true;
        case "version" -> version = true;
        default -> throw new IllegalArgumentException("unknown rerun trigger '" + w + "' in '"
            + text + "'; write " + ACCEPTED);
      }
    }
    return new RerunTriggers(params, input, version);
  }

  /** Whether any trigger is on: only then is provenance read at all. */
  public boolean any() {
    return params || input || version;
  }

  @Override
  public String toString() {
    List<String> on = new ArrayList<>();
    if (params) {
      on.add("params");
    }
    if (input) {
      on.add("input");
    }
    if (version) {
      on.add("version");
    }
    return on.isEmpty() ? "none" : String.join(",", on);
  }
}
