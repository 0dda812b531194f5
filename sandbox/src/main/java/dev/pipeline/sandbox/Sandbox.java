package dev.pipeline.sandbox;

import dev.pipeline.api.Family;

/**
 * The whole pipeline with one training run: GenerateTrainData -> Train -> Export -> Infer (with
 * GenerateTestData) -> SensitiveVolume. A wrapper: no outputs of its own.
 */
@Family(value = "sandbox.Sandbox", description = "data, train, export, infer, sensitive volume")
public class Sandbox extends SandboxTask {
  @Override
  public Object requires() {
    SensitiveVolume sv = req(SensitiveVolume.class);
    sv.modelSource = ModelTask.ModelSource.TRAIN;
    return sv;
  }
}
