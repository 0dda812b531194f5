package dev.pipeline.sandbox;

import dev.pipeline.api.targets.Staged;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The train-to-export contract, written by Train and TuneSelect alike: {@code model.bin},
 * {@code metrics.json}, {@code batch.npy} in one directory, addressed by those names.
 */
final class TrainingReport {
  private TrainingReport() {}

  static Map<String, Object> metrics(ClassifierTrainer.Result r, Train task, String device, double seconds) {
    Map<String, Object> m = new LinkedHashMap<>();
    ClassifierTrainer.Epoch last = r.last();
    m.put("validation_auroc", last.validationAuroc());
    m.put("validation_loss", last.validationLoss());
    m.put("train_loss", last.trainLoss());
    m.put("device", device);
    m.put("seconds", seconds);
    m.put("hyperparameters", task.hyperparameters());
    List<Map<String, Object>> epochs = new ArrayList<>();
    for (ClassifierTrainer.Epoch e : r.history()) {
      Map<String, Object> em = new LinkedHashMap<>();
      em.put("epoch", e.epoch());
      em.put("train_loss", e.trainLoss());
      em.put("validation_loss", e.validationLoss());
      em.put("validation_auroc", e.validationAuroc());
      em.put("seconds", e.seconds());
      epochs.add(em);
    }
    m.put("epochs", epochs);
    return m;
  }

  /** Stages all three files and commits them batch, metrics, model. */
  static void write(ClassifierTrainer.Result r, Map<String, Object> metrics,
      Map<String, ? extends dev.pipeline.api.targets.FileTarget> targets, int checkBatch)
      throws IOException {
    Cnn model = r.model();
    int window = model.channels * model.inputLength;
    int n = Math.min(checkBatch, r.validationLabels().length);
    try (Staged batch = targets.get("batch").stage();
        Staged json = targets.get("metrics").stage();
        Staged bin = targets.get("model").stage()) {
      try (NpyWriter w = NpyWriter.float32(batch.path(), n, model.channels, model.inputLength)) {
        w.write(r.validationInputs(), 0, n * window);
      }
      Json.write(json.path(), metrics);
      try (OutputStream out = Files.newOutputStream(bin.path())) {
        model.write(out);
      }
      batch.commit();
      json.commit();
      bin.commit();
    }
  }
}
