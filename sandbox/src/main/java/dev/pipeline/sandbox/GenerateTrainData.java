package dev.pipeline.sandbox;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.targets.DirectoryTarget;
import dev.pipeline.api.targets.Staged;
import dev.pipeline.api.Targets;
import java.nio.file.Path;

/** Training background and waveforms: DATA_DIR/train/ or train_data_dir (see {@link TrainingDataGenerator}). */
@Family(value = "sandbox.GenerateTrainData", description = "coloured-noise background and training waveforms")
public class GenerateTrainData extends SandboxTask {
  @Param(name = "train_duration", description = "seconds of background per detector")
  double trainDuration = 512;

  @Param(name = "num_signals", description = "training waveforms")
  int numSignals = 1000;

  @Param(name = "train_data_dir", significant = false,
      description = "where the training set goes (default DATA_DIR/train); an s3:// location is"
          + " uploaded there, and Train downloads it (a Train on Kubernetes needs no shared volume)")
  String trainDataDir;

  @Override
  public DirectoryTarget output() {
    if (trainDataDir == null) {
      return directory(dataDirectory().resolve("train"));
    }
    return Targets.isRemote(trainDataDir) ? Targets.directory(this, trainDataDir) : directory(Path.of(trainDataDir));
  }

  @Override
  public void run(TaskContext context) throws Exception {
    clearOutputs();
    DirectoryTarget out = output();
    try (Staged staged = out.stage()) {
      new TrainingDataGenerator().write(staged.path(),
          new TrainingDataGenerator.Settings(detectors(), sampleRate, trainDuration, numSignals, highpass, seed),
          context.log()::println);
      staged.commit();
    }
  }
}
