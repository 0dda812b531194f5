package dev.pipeline.tasks.sandbox;

import dev.pipeline.engine.model.Family;
import dev.pipeline.engine.model.Param;
import dev.pipeline.engine.model.TaskContext;
import dev.pipeline.engine.target.Staged;

/** Training background and waveforms: DATA_DIR/train/ (see {@link TrainingDataGenerator}). */
@Family(value = "GenerateTrainData", description = "coloured-noise background and training waveforms")
public class GenerateTrainData extends SandboxTask {
  @Param(name = "train_duration", description = "seconds of background per detector")
  double trainDuration = 512;

  @Param(name = "num_signals", description = "training waveforms")
  int numSignals = 1000;

  @Override
  public Object output() {
    return directory(dataDirectory().resolve("train"));
  }

  @Override
  public void run(TaskContext context) throws Exception {
    clearOutputs();
    FreshTargets.Directory out = outputTarget();
    try (Staged staged = out.stage()) {
      new TrainingDataGenerator().write(staged.path(),
          new TrainingDataGenerator.Settings(detectors(), sampleRate, trainDuration, numSignals, highpass, seed),
          context.log()::println);
      staged.commit();
    }
  }
}
