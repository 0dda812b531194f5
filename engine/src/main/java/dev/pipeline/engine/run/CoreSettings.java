package dev.pipeline.engine.run;

import dev.pipeline.engine.provenance.RerunTriggers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The cfg {@code [core]} section: defaults for the run options the command line may override.
 *
 * @param gpus the local GPU pool; empty for none
 * @param runDirectory {@code run_dir}, or null (the current directory unless --run-dir)
 * @param executor the run-wide executor, lower case
 * @param launcher how a node starts pipeline, or null for this JVM's own command
 * @param rerunTriggers what makes existing outputs stale ({@code --rerun-triggers})
 */
public record CoreSettings(int workers, List<String> gpus, boolean failFast, int retries,
    Duration retryBackoff, Path runDirectory, String executor, List<String> launcher,
    RerunTriggers rerunTriggers) {
  public CoreSettings {
    gpus = List.copyOf(gpus);
    launcher = launcher == null ? null : List.copyOf(launcher);
  }

  /** What CUDA_VISIBLE_DEVICES accepts: device indexes, GPU-/MIG- UUIDs. */
  private static final java.util.regex.Pattern GPU_ID =
      java.util.regex.Pattern.compile("[0-9]{1,4}|(GPU|MIG)-[0-9A-Za-z/-]+");

  /** Whether {@code id} is a GPU id, the one rule for {@code [core] gpus} and {@code --gpus}. */
  public static boolean isGpuId(String id) {
    return GPU_ID.matcher(id).matches();
  }

  static CoreSettings read(SectionValues s) {
    String launcher = s.string("launcher");
    for (String id : s.list("gpus")) {
      if (!isGpuId(id)) {
        throw s.invalid("gpus", "'" + id + "' is not a GPU id; write device indexes such as 0,1"
            + " (as nvidia-smi numbers them) or GPU-/MIG- UUIDs");
      }
    }
    String triggers = s.string("rerun_triggers");
    RerunTriggers rerun;
    try {
      rerun = triggers == null ? RerunTriggers.ALL : RerunTriggers.parse(triggers);
    } catch (IllegalArgumentException e) {
      throw s.invalid("rerun_triggers", e.getMessage());
    }
    return new CoreSettings(s.integer("workers", 1), s.list("gpus"), s.bool("fail_fast"),
        s.integer("retries", 0), s.duration("retry_backoff"), s.path("run_dir"),
        s.choice("executor"), launcher == null ? null : List.of(launcher.split("\\s+")), rerun);
  }
}
