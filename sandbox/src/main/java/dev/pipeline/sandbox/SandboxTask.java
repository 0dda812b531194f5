package dev.pipeline.sandbox;

import dev.pipeline.api.Targets;
import dev.pipeline.api.error.UsageException;
import dev.pipeline.api.Param;
import dev.pipeline.api.Task;
import dev.pipeline.api.targets.Target;
import dev.pipeline.api.targets.local.LocalDirectoryTarget;
import dev.pipeline.api.targets.local.LocalFileTarget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Base of every sandbox family: the parameters shared across the pipeline, declared once here.
 * Requirements are built with the engine's {@code req(Class)}, which copies these values into
 * them (law's {@code req}), so a value given to the wrapper reaches every task that needs it.
 *
 * <p>Parameters used by one family only (Train's learning_rate, GenerateTestData's dmax, Infer's
 * Tb, ...) are ordinary {@code @Param} fields of that family and take their values from the
 * code, the cfg section named after the family (or its shared section), the environment
 * ({@code PIPELINE__TRAIN__EPOCHS}) or the command line ({@code --Train-epochs 3}).
 */
public abstract class SandboxTask extends Task {
  @Param(name = "out_dir", required = true,
      description = "root of this experiment's outputs (not the engine's --run-dir, which holds .pipeline/)")
  Path outDir;

  @Param(name = "data_dir", description = "data sets (default OUT_DIR/data); share it between runs")
  Path dataDir;

  @Param(description = "interferometers (H1, L1, V1)")
  List<String> ifos = List.of("H1", "L1");

  @Param(name = "sample_rate", description = "Hz; a whole multiple of 256 (the classifier decimates to 256 Hz)")
  double sampleRate = 256;

  @Param(name = "kernel_length", description = "seconds of data the classifier sees")
  double kernelLength = 1.0;

  @Param(description = "Hz; whitening removes everything below, SNRs integrate from here")
  double highpass = 20;

  @Param(description = "seconds; length of the time-domain whitening filter")
  double fduration = 1.0;

  @Param(description = "seconds between detectors per time-shift step (background and injections)")
  double shift = 1.0;

  @Param(description = "seed of every random stream in the pipeline")
  long seed = 1;

  Path dataDirectory() {
    return dataDir != null ? local(dataDir, "data_dir") : outDirectory().resolve("data");
  }

  /** out_dir, which is local: the S3 locations are Train's run_dir and train_data_dir. */
  Path outDirectory() {
    return local(outDir, "out_dir");
  }

  /**
   * A path parameter turns {@code s3://b/k} into the local path {@code s3:/b/k}; refuse that
   * instead of writing a directory named "s3:" here.
   */
  private Path local(Path dir, String parameter) {
    String location = dev.pipeline.api.Targets.location(dir);
    if (dev.pipeline.api.Targets.isRemote(location)) {
      throw new UsageException(id().family() + " --" + parameter + " " + location + ": the sandbox keeps "
          + parameter + " local; S3 takes Train's run_dir and train_data_dir (docs/remote.md)");
    }
    return dir;
  }

  List<Detector> detectors() {
    List<Detector> out = new ArrayList<>();
    for (String name : ifos) {
      try {
        out.add(Detector.parse(name));
      } catch (IllegalArgumentException e) {
        throw new UsageException(id().family() + " --ifos: " + e.getMessage());
      }
    }
    if (out.isEmpty()) {
      throw new UsageException(id().family() + " --ifos: at least one interferometer is needed");
    }
    return out;
  }

  int kernelSamples() {
    return (int) Math.round(kernelLength * sampleRate);
  }

  /**
   * A local file output. Whether it is current is the engine's business: it records what made
   * every output and reruns it, and everything downstream, when that changes (provenance).
   */
  LocalFileTarget file(Path path) {
    return LocalFileTarget.of(path);
  }

  LocalDirectoryTarget directory(Path path) {
    return LocalDirectoryTarget.of(path);
  }

  /** The local path of a local target, or null for a remote one. */
  static Path localPath(Target t) {
    if (t instanceof LocalFileTarget f) {
      return f.path();
    }
    if (t instanceof LocalDirectoryTarget d) {
      return d.path();
    }
    return null;
  }

  /** Removes this task's outputs before a run: stale outputs must not survive a rerun. */
  void clearOutputs() throws java.io.IOException {
    for (Target t : outputs()) {
      t.remove();
    }
  }
}
