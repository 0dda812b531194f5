package dev.pipeline.sandbox;

import dev.pipeline.api.targets.local.LocalDirectoryTarget;
import dev.pipeline.api.targets.local.LocalFileTarget;
import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.TaskFailedException;
import dev.pipeline.api.targets.Staged;
import dev.pipeline.api.targets.Target;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exports the trained model to ONNX in a Triton-style repository (export/model_repo/aframe/...,
 * see {@link OnnxExporter}) and proves it: the file is loaded back with ONNX Runtime and must
 * reproduce the Java model's outputs on the training batch.npy, or the task fails and nothing is
 * committed. export/roundtrip.json records the comparison.
 */
@Family(value = "sandbox.Export", description = "writes the ONNX model repository and verifies it with ONNX Runtime")
public class Export extends ModelTask {
  @Param(name = "max_batch_size", description = "max_batch_size in config.pbtxt; Infer's batch_size must fit")
  int maxBatchSize = 256;

  @Override
  public Object requires() {
    return modelTask();
  }

  /** The Triton-style model repository. */
  LocalDirectoryTarget repository() {
    return directory(stageDirectory("export").resolve("model_repo"));
  }

  /** roundtrip.json: the comparison of ONNX Runtime's outputs with the Java model's. */
  LocalFileTarget check() {
    return file(stageDirectory("export").resolve("roundtrip.json"));
  }

  @Override
  public Map<String, Target> output() {
    Map<String, Target> out = new LinkedHashMap<>();
    out.put("repository", repository());
    out.put("check", check());
    return out;
  }

  /** model_repo/aframe/1/model.onnx inside a repository directory. */
  static Path modelFile(Path repository) {
    return repository.resolve(OnnxExporter.MODEL_NAME).resolve("1").resolve("model.onnx");
  }

  @Override
  public void run(TaskContext context) throws Exception {
    clearOutputs();
    // Train's outputs: local files, or S3 objects when Train ran with an s3:// run_dir.
    ModelFiles in = input(TrainedModel.class).modelFiles();
    Cnn model;
    try (InputStream s = in.model().read()) {
      model = Cnn.read(s);
    }
    float[] batch;
    int n;
    Path batchFile = SandboxTask.localPath(in.batch());
    Path download = null;
    if (batchFile == null) {
      download = Files.createTempFile("pipeline-export-batch-", ".npy");
      try (InputStream s = in.batch().read()) {
        Files.copy(s, download, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      batchFile = download;
      context.log().println("read " + in.model().uri() + " and " + in.batch().uri());
    }
    try (NpyReader r = new NpyReader(batchFile)) {
      n = (int) r.shape()[0];
      batch = r.floats(0, (int) r.size());
    } finally {
      if (download != null) {
        Files.deleteIfExists(download);
      }
    }
    LocalDirectoryTarget repo = repository();
    LocalFileTarget check = check();
    try (Staged dir = repo.stage(); Staged json = check.stage()) {
      Path onnx = OnnxExporter.writeRepository(model, dir.path(), maxBatchSize);
      RoundTrip.Report report = RoundTrip.check(model, onnx, batch, n);
      Map<String, Object> meta = ordered();
      meta.put("onnx", "model_repo/" + OnnxExporter.MODEL_NAME + "/1/model.onnx");
      meta.put("windows", report.windows());
      meta.put("max_abs_diff", report.maxAbsDiff());
      meta.put("max_scaled_diff", report.maxScaledDiff());
      meta.put("tolerance", RoundTrip.TOLERANCE);
      meta.put("passed", report.passed());
      Json.write(json.path(), meta);
      context.log().printf("ONNX round trip on %d windows: max |ORT - Java| = %.2e (scaled %.2e)%n",
          report.windows(), report.maxAbsDiff(), report.maxScaledDiff());
      if (!report.passed()) {
        throw new TaskFailedException(String.format(
            "exported ONNX model disagrees with the trained model: scaled difference %.2e > %.0e",
            report.maxScaledDiff(), RoundTrip.TOLERANCE));
      }
      dir.commit();
      json.commit();
    }
  }
}
