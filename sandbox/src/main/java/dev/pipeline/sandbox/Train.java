package dev.pipeline.sandbox;

import dev.pipeline.api.SharedDefaults;
import dev.pipeline.api.Targets;
import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.ResourceRequest;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.targets.local.LocalPaths;
import dev.pipeline.api.targets.DirectoryTarget;
import dev.pipeline.api.targets.FileTarget;
import dev.pipeline.api.targets.s3.S3DirectoryTarget;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Trains the CNN classifier on whitened windows. Outputs (OUT_DIR/NAME/): model.bin (the weights,
 * see {@link Cnn#write}), metrics.json (validation AUROC and loss per epoch, settings, device) and
 * batch.npy (float32 [64, ifo, kernel] validation windows: the inputs Export checks its ONNX file
 * against, like aframe's batch.h5 contract).
 */
@Family(value = "sandbox.Train", description = "trains the 1-D CNN classifier; writes model.bin and metrics.json")
public class Train extends SandboxTask implements SharedDefaults, TrainedModel {
  static final int CHECK_BATCH = 64;
  /** Parameter → the config.yaml key path of the same meaning. */
  static final Map<String, String> YAML_KEYS = Map.of("learning_rate", "model.learning_rate",
      "filters", "model.filters", "batch_size", "data.batch_size", "epochs", "trainer.max_epochs");

  @Param(description = "output directory under out_dir (Tune gives every trial its own)")
  String name = "train";

  @Param(name = "learning_rate", description = "Adam step size")
  double learningRate = 3e-3;

  @Param(description = "passes over windows_per_epoch random windows")
  int epochs = 6;

  @Param(name = "batch_size", description = "windows per Adam step")
  int batchSize = 64;

  @Param(name = "windows_per_epoch", description = "random windows drawn per epoch (half signals)")
  int windowsPerEpoch = 4096;

  @Param(name = "validation_windows", description = "fixed validation windows (half signals)")
  int validationWindows = 1024;

  @Param(description = "second-layer filters (the first layer has half as many)")
  int filters = 16;

  @Param(name = "snr_min", description = "lowest network SNR of training/validation signals")
  double snrMin = 6;

  @Param(name = "snr_max", description = "highest network SNR of training/validation signals")
  double snrMax = 20;

  @Param(name = "validation_fraction", description = "tail of background and waveforms held out")
  double validationFraction = 0.2;

  @Param(significant = false, description = "CPU threads (0: all processors); does not change the result")
  int threads = 0;

  @Param(description = "training YAML; its shared keys are filled in from [data] (see TrainConfig),"
      + " and model.learning_rate, model.filters, data.batch_size, trainer.max_epochs set the"
      + " parameters of the same meaning unless the command line, environment or cfg does")
  Path config;

  @Param(name = "request_gpus", significant = false,
      description = "GPUs to hold while training (scheduling only: this trainer has no GPU backend)")
  int requestGpus = 0;

  @Param(name = "run_dir", significant = false,
      description = "where model.bin, metrics.json and batch.npy go, as RUN_DIR/NAME (default"
          + " OUT_DIR/NAME); an s3:// location puts them on S3, where Export reads them (with"
          + " executor = kubernetes, as `pipeline init --s3-bucket` writes, Train runs as a"
          + " Kubernetes Job)")
  String runDir;

  @Param(name = "train_data_dir", significant = false,
      description = "GenerateTrainData's train_data_dir, passed on to it (and to the pod of a Train"
          + " on Kubernetes, which then downloads the set from S3)")
  String trainDataDir;

  /** Whether the run directory is on S3 (where a Train on Kubernetes must write). */
  boolean remote() {
    return dev.pipeline.api.Targets.isRemote(runDir);
  }

  @Override
  public Object requires() {
    if (config == null) {
      return req(GenerateTrainData.class);
    }
    Map<String, Object> r = ModelTask.ordered();
    r.put("data", req(GenerateTrainData.class));
    // The copy a trainer of the user's own ([Train] command) reads says what this task trains.
    r.put("config", req(TrainConfig.class, "config", config, "name", name,
        "learning_rate", learningRate, "filters", filters, "batch_size", batchSize,
        "epochs", epochs));
    return r;
  }

  /** The training data directory; a set on S3 is downloaded into {@code scratch} first. */
  private Path dataDirectory(Path scratch) throws java.io.IOException {
    DirectoryTarget data = input(GenerateTrainData.class).output();
    Path local = SandboxTask.localPath(data);
    if (local != null) {
      return local;
    }
    if (!(data instanceof S3DirectoryTarget remote)) {
      throw new IllegalStateException("training data " + data.uri() + " is neither local nor on S3");
    }
    remote.download(scratch);
    return scratch;
  }

  /**
   * The hyperparameters config.yaml sets, for those nothing above it set (the command line, the
   * environment, the cfg, Tune's trial values): read while the engine configures this task, so
   * its id, log and outputs name what it trains.
   */
  @Override
  public Map<String, String> sharedDefaults(java.util.Set<String> unset) {
    if (config == null || YAML_KEYS.keySet().stream().noneMatch(unset::contains)) {
      return Map.of();
    }
    return TrainYaml.read(config, YAML_KEYS);
  }

  @Override
  public ResourceRequest resources() {
    return ResourceRequest.gpus(requestGpus);
  }

  Path directory() {
    return outDirectory().resolve(name);
  }

  @Override
  public ModelFiles modelFiles() {
    return remote() ? ModelFiles.remote(this, runDir.replaceAll("/+$", "") + "/" + name)
        : ModelFiles.local(this, directory());
  }

  @Override
  public Map<String, FileTarget> output() {
    return modelFiles().byName();
  }

  ClassifierTrainer.Settings settings() {
    int threadCount = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    return new ClassifierTrainer.Settings(sampleRate, kernelSamples(), Math.max(1, filters / 2), 16, 2, filters, 8, 2,
        learningRate, epochs, batchSize, windowsPerEpoch, validationWindows, snrMin, snrMax,
        validationFraction, seed, threadCount);
  }

  @Override
  public void run(TaskContext context) throws Exception {
    clearOutputs();
    long t0 = System.nanoTime();
    List<String> gpus = context.gpus();
    String device = gpus.isEmpty()
        ? "cpu"
        : "cpu (GPUs " + gpus + " were assigned, but this trainer has no GPU backend)";
    context.log().println("training on " + device);
    context.log().printf("hyperparameters: learning_rate=%s filters=%d batch_size=%d epochs=%d%n",
        learningRate, filters, batchSize, epochs);
    Path scratch = java.nio.file.Files.createTempDirectory("pipeline-train-data");
    TrainingSet set;
    try {
      set = TrainingSet.load(dataDirectory(scratch), fduration, highpass, context.log()::println);
    } finally {
      LocalPaths.deleteRecursively(scratch); // the set is in memory now
    }
    ClassifierTrainer.Result r = new ClassifierTrainer().train(set, settings(), context.log()::println);
    Map<String, Object> metrics = TrainingReport.metrics(r, this, device, (System.nanoTime() - t0) / 1e9);
    metrics.put("gpus_assigned", gpus);
    metrics.put("gpu_backend", false);
    TrainingReport.write(r, metrics, output(), CHECK_BATCH);
    context.log().printf("validation AUROC %.4f%n", r.last().validationAuroc());
  }

  /** The parts of the configuration that change the model, for metrics.json. */
  Map<String, Object> hyperparameters() {
    Map<String, Object> h = ModelTask.ordered();
    h.put("learning_rate", learningRate);
    h.put("epochs", epochs);
    h.put("batch_size", batchSize);
    h.put("windows_per_epoch", windowsPerEpoch);
    h.put("filters", filters);
    h.put("snr_min", snrMin);
    h.put("snr_max", snrMax);
    h.put("kernel_length", kernelLength);
    h.put("seed", seed);
    return h;
  }
}
