package dev.pipeline.engine.scaffold;

import dev.pipeline.api.error.UsageException;
import java.util.List;
import java.util.Locale;

/**
 * What {@code pipeline init} can write: each kind is one pipeline cfg (inheriting the shared
 * {@code base.cfg}) and the task family its run.sh runs.
 */
public enum RunKind {
  SANDBOX("Sandbox"),
  TUNE("Tune");

  /** Where the cfg files and the training config come from, under the scaffold resources. */
  static final String CONFIG_SET = "configs/sandbox/";

  private final String target;

  RunKind(String target) {
    this.target = target;
  }

  /** As typed on the command line: {@code sandbox}, {@code tune}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The task family run.sh runs unless PIPELINE_TARGET says otherwise. */
  public String target() {
    return target;
  }

  /** The pipeline cfg: {@code sandbox.cfg}, {@code tune.cfg}. */
  public String configFile() {
    return label() + ".cfg";
  }

  /** The files written into the run directory, in order; run.sh last. */
  public List<String> files() {
    return List.of("base.cfg", configFile(), "config.yaml", RunEnvironment.FILE,
        Scaffolder.RUN_SCRIPT);
  }

  public static RunKind parse(String text) {
    for (RunKind k : values()) {
      if (k.label().equalsIgnoreCase(text)) {
        return k;
      }
    }
    throw new UsageException("unknown run kind '" + text + "'; expected sandbox or tune");
  }
}
