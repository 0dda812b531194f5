package dev.pipeline.tasks.sandbox;

import dev.pipeline.engine.error.UsageException;
import dev.pipeline.engine.model.Param;
import dev.pipeline.engine.model.ParameterSpec;
import dev.pipeline.engine.model.Task;
import dev.pipeline.engine.model.TaskFamily;
import dev.pipeline.engine.target.Target;
import dev.pipeline.engine.target.local.LocalDirectoryTarget;
import dev.pipeline.engine.target.local.LocalFileTarget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Base of every sandbox family: the parameters shared across the pipeline, declared once here.
 * A task builds each requirement with {@link #req(Class)}, which copies these values into it (like
 * luigi's {@code .req(self)}), so a value given to the wrapper reaches every task that needs it.
 *
 * <p>Parameters used by one family only (Train's learning_rate, GenerateTestData's dmax, Infer's
 * Tb, ...) are ordinary {@code @Param} fields of that family and take their defaults from the code,
 * a cfg section named after the family, or {@code --overrides Family.param=value} on the root
 * task, applied in {@link #req(Class)}.
 */
public abstract class SandboxTask extends Task {
  /** Families whose parameters --overrides may set. */
  static final Set<String> FAMILIES = Set.of("GenerateTrainData", "GenerateTestData", "Train",
      "TuneSelect", "Export", "Infer", "SensitiveVolume");

  @Param(name = "out_dir", required = true,
      description = "root of this experiment's outputs (not the engine's --run-dir, which holds .pipeline/)")
  Path outDir;

  @Param(name = "data_dir", description = "data sets (default OUT_DIR/data); share it between runs")
  Path dataDir;

  @Param(description = "interferometers (H1, L1, V1)")
  List<String> ifos = List.of("H1", "L1");

  @Param(name = "sample_rate", description = "Hz; at least 256 for the 20-40 Msun prior")
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

  @Param(significant = false,
      description = "per-family values for tasks built inside the graph: Family.param=value,...")
  List<String> overrides = List.of();

  /** Copies the shared parameters into a task this one requires. */
  void inherit(SandboxTask child) {
    child.outDir = outDir;
    child.dataDir = dataDir;
    child.ifos = ifos;
    child.sampleRate = sampleRate;
    child.kernelLength = kernelLength;
    child.highpass = highpass;
    child.fduration = fduration;
    child.shift = shift;
    child.seed = seed;
    child.overrides = overrides;
  }

  /**
   * A requirement of family {@code type}: a default instance (built through the engine's family
   * description, where cfg defaults belong), the shared parameters copied from this task, then the
   * {@code overrides} addressed to that family.
   */
  <T extends SandboxTask> T req(Class<T> type) {
    TaskFamily family = TaskFamily.of(type);
    T child = type.cast(family.newDefaultInstance());
    inherit(child);
    for (Map.Entry<String, String> e : overridesFor(family.name()).entrySet()) {
      ParameterSpec spec = family.parameter(e.getKey()).orElseThrow(() -> new UsageException(
          "--overrides: " + family.name() + " has no parameter " + e.getKey()));
      if (isShared(spec)) {
        throw new UsageException("--overrides: " + e.getKey()
            + " is shared by the whole pipeline; set --" + e.getKey() + " on the root task instead");
      }
      try {
        spec.field().set(child, spec.type().parse(e.getValue()));
      } catch (IllegalArgumentException | IllegalAccessException ex) {
        throw new UsageException("--overrides " + family.name() + "." + e.getKey() + ": " + ex.getMessage());
      }
    }
    return child;
  }

  private static boolean isShared(ParameterSpec spec) {
    return spec.field().getDeclaringClass() == SandboxTask.class
        || spec.field().getDeclaringClass() == ModelTask.class;
  }

  /** "Family.param=value" entries of --overrides that address {@code family}. */
  Map<String, String> overridesFor(String family) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String item : overrides) {
      int dot = item.indexOf('.');
      int eq = item.indexOf('=');
      if (dot < 1 || eq < dot + 2) {
        throw new UsageException("--overrides: expected Family.param=value, got '" + item + "'");
      }
      String fam = item.substring(0, dot).trim();
      if (!FAMILIES.contains(fam)) {
        throw new UsageException("--overrides: unknown family '" + fam + "' (known: " + FAMILIES + ")");
      }
      if (fam.equals(family)) {
        out.put(item.substring(dot + 1, eq).trim(), item.substring(eq + 1).trim());
      }
    }
    return out;
  }

  Path dataDirectory() {
    return dataDir != null ? dataDir : outDir.resolve("data");
  }

  List<Detector> detectors() {
    List<Detector> out = new ArrayList<>();
    for (String name : ifos) {
      try {
        out.add(Detector.parse(name));
      } catch (IllegalArgumentException e) {
        throw new UsageException(family().name() + " --ifos: " + e.getMessage());
      }
    }
    if (out.isEmpty()) {
      throw new UsageException(family().name() + " --ifos: at least one interferometer is needed");
    }
    return out;
  }

  int kernelSamples() {
    return (int) Math.round(kernelLength * sampleRate);
  }

  /** Outputs of the static requirements: what this task's outputs must not be older than. */
  List<Target> upstreamOutputs() {
    List<Target> out = new ArrayList<>();
    for (Task t : requirements()) {
      out.addAll(t.outputs());
    }
    return out;
  }

  FreshTargets.File file(Path path) {
    return new FreshTargets.File(LocalFileTarget.of(path), this::upstreamOutputs);
  }

  FreshTargets.Directory directory(Path path) {
    return new FreshTargets.Directory(LocalDirectoryTarget.of(path), this::upstreamOutputs);
  }

  /** Removes this task's outputs before a run: stale outputs must not survive a rerun. */
  void clearOutputs() throws java.io.IOException {
    for (Target t : outputs()) {
      t.remove();
    }
  }
}
