package dev.pipeline.sandbox;

import dev.pipeline.api.Param;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Base of the stages after training (Export, Infer, SensitiveVolume): they also share where their
 * model comes from. The data families do not carry this parameter, so Sandbox and Tune share one
 * copy of the data sets, while the model stages of a Tune run live under {@code OUT_DIR/tune/}.
 */
public abstract class ModelTask extends SandboxTask {
  /** Which task provides model.bin / metrics.json / batch.npy. */
  public enum ModelSource {
    TRAIN,
    TUNE
  }

  @Param(name = "model_source", description = "TRAIN: one Train task; TUNE: the best TuneSelect trial")
  ModelSource modelSource = ModelSource.TRAIN;

  /** OUT_DIR/name, or OUT_DIR/tune/name for the tuned pipeline. */
  Path stageDirectory(String name) {
    return modelSource == ModelSource.TUNE ? outDirectory().resolve("tune").resolve(name) : outDirectory().resolve(name);
  }

  /** The task whose outputs are named model, metrics and batch. */
  SandboxTask modelTask() {
    return modelSource == ModelSource.TUNE ? req(TuneSelect.class) : req(Train.class);
  }

  static Map<String, Object> ordered() {
    return new LinkedHashMap<>();
  }
}
