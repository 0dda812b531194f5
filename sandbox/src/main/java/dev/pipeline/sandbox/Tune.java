package dev.pipeline.sandbox;

import dev.pipeline.api.Family;

/**
 * The pipeline with a hyperparameter search in place of a single Train: TuneSelect runs its Train
 * trials (in parallel on the engine's workers) and the best one goes on to Export, Infer and
 * SensitiveVolume under OUT_DIR/tune/. The data sets are shared with Sandbox.
 */
@Family(value = "sandbox.Tune", description = "hyperparameter search over Train, then export, infer, sensitive volume")
public class Tune extends SandboxTask {
  @Override
  public Object requires() {
    SensitiveVolume sv = req(SensitiveVolume.class);
    sv.modelSource = ModelTask.ModelSource.TUNE;
    return sv;
  }
}
