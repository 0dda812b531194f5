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
  TUNE("Tune"),
  /**
   * Train with a NumPy trainer that publishes checkpoints, benchmark each checkpoint while
   * training runs, summarise (the graph2tac seed); written into a dated directory.
   */
  TRAIN_BENCHMARK("TrainBenchmark");

  /** Where the sandbox cfg files and the training config come from, under the scaffold resources. */
  static final String CONFIG_SET = "configs/sandbox/";

  private final String target;

  RunKind(String target) {
    this.target = target;
  }

  /** As typed on the command line: {@code sandbox}, {@code tune}, {@code train-benchmark}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Where this kind's cfg files come from, under the scaffold resources. */
  String configSet() {
    return this == TRAIN_BENCHMARK ? "configs/train-benchmark/" : CONFIG_SET;
  }

  /** Whether init writes a dated directory ({@code YYYY-MM-DD_NAME}) inside the one given. */
  public boolean dated() {
    return this == TRAIN_BENCHMARK;
  }

  /** Directories init creates empty in the run directory. */
  public List<String> directories() {
    return this == TRAIN_BENCHMARK ? List.of("logs", "results", "workdir") : List.of();
  }

  /** Where run.sh appends its output, relative to the run directory. */
  public String runLog() {
    return this == TRAIN_BENCHMARK ? "logs/run.log" : "run.log";
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
    if (this == TRAIN_BENCHMARK) {
      return List.of(configFile(), "trainer/train.py", "trainer/benchmark.py", RunEnvironment.FILE,
          Scaffolder.RUN_SCRIPT);
    }
    return List.of("base.cfg", configFile(), "config.yaml", RunEnvironment.FILE,
        Scaffolder.RUN_SCRIPT);
  }

  public static RunKind parse(String text) {
    for (RunKind k : values()) {
      if (k.label().equalsIgnoreCase(text)) {
        return k;
      }
    }
    throw new UsageException("unknown run kind '" + text + "'; expected sandbox, tune or"
        + " train-benchmark");
  }
}
