package dev.pipeline.sandbox;

import dev.pipeline.api.targets.FileTarget;
import dev.pipeline.api.Targets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The three files a trained model is: what Train and TuneSelect write and Export reads. */
record ModelFiles(FileTarget batch, FileTarget metrics, FileTarget model) {
  /** batch.npy, metrics.json and model.bin in {@code dir}. */
  static ModelFiles local(SandboxTask task, Path dir) {
    return new ModelFiles(task.file(dir.resolve("batch.npy")), task.file(dir.resolve("metrics.json")),
        task.file(dir.resolve("model.bin")));
  }

  /**
   * The same three files as objects below {@code uri} (Train with an s3:// run_dir), on the S3
   * endpoint of {@code task}'s run.
   */
  static ModelFiles remote(SandboxTask task, String uri) {
    return new ModelFiles(Targets.file(task, uri + "/batch.npy"),
        Targets.file(task, uri + "/metrics.json"), Targets.file(task, uri + "/model.bin"));
  }

  /** The luigi-style output() shape, names as {@code {output[model]}} placeholders use them. */
  Map<String, FileTarget> byName() {
    Map<String, FileTarget> out = new LinkedHashMap<>();
    out.put("batch", batch);
    out.put("metrics", metrics);
    out.put("model", model);
    return out;
  }

  /** The local path of one of these files (the tuning trials always write locally). */
  static Path localPath(FileTarget file) {
    Path path = SandboxTask.localPath(file);
    if (path == null) {
      throw new IllegalStateException(file.uri() + " is not a local file");
    }
    return path;
  }
}
