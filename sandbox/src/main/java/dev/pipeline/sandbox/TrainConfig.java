package dev.pipeline.sandbox;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.targets.FileTarget;
import dev.pipeline.api.targets.Staged;
import dev.pipeline.api.Targets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The training config.yaml as the trainer sees it: the user's file with the values the rest of
 * the pipeline must agree on (detectors, sample rate, kernel length, whitening, seed) written in
 * by key path from the pipeline's own parameters. Those are set once, in the cfg's [data] section;
 * aframe needed them in two places (its issue #262, kernel_length).
 */
@Family(value = "sandbox.TrainConfig", description = "config.yaml for the trainer, with the shared values merged in")
public class TrainConfig extends SandboxTask {
  @Param(required = true, description = "the user's training YAML (e.g. RUN_DIR/config.yaml)")
  Path config;

  @Param(description = "output directory under out_dir (the Train task's)")
  String name = "train";

  @Param(name = "run_dir", significant = false,
      description = "Train's run_dir: an s3:// location puts the copy at RUN_DIR/NAME/config.yaml on"
          + " S3, where a Train on Kubernetes finds it")
  String runDir;

  @Param(name = "learning_rate", description = "Train's learning rate, written as model.learning_rate"
      + " (unset: the YAML's own)")
  Double learningRate;

  @Param(description = "Train's filters, written as model.filters (unset: the YAML's own)")
  Integer filters;

  @Param(name = "batch_size", description = "Train's batch size, written as data.batch_size"
      + " (unset: the YAML's own)")
  Integer batchSize;

  @Param(description = "Train's epochs, written as trainer.max_epochs (unset: the YAML's own)")
  Integer epochs;

  @Override
  public FileTarget output() {
    if (Targets.isRemote(runDir)) {
      return Targets.file(this, runDir.replaceAll("/+$", "") + "/" + name + "/config.yaml");
    }
    return file(outDirectory().resolve(name).resolve("config.yaml"));
  }

  /** Key path in the YAML → value, the single source of truth for each. */
  Map<String, Object> sharedValues() {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("data.ifos", ifos);
    v.put("data.sample_rate", sampleRate);
    v.put("data.kernel_length", kernelLength);
    v.put("data.highpass", highpass);
    v.put("data.fduration", fduration);
    v.put("seed_everything", seed);
    // Train's values as the engine resolved them (command line > environment > cfg > this YAML).
    putIfSet(v, "model.learning_rate", learningRate);
    putIfSet(v, "model.filters", filters);
    putIfSet(v, "data.batch_size", batchSize);
    putIfSet(v, "trainer.max_epochs", epochs);
    return v;
  }

  private static void putIfSet(Map<String, Object> values, String keyPath, Object value) {
    if (value != null) {
      values.put(keyPath, value);
    }
  }

  @Override
  public void run(TaskContext context) throws Exception {
    clearOutputs();
    FileTarget out = output();
    try (Staged staged = out.stage()) {
      YamlMerger.mergeFile(config, staged.path(), sharedValues());
      staged.commit();
    }
  }
}
