package dev.pipeline.engine.launch;

import dev.pipeline.api.error.UsageException;
import dev.pipeline.engine.run.CoreSettings;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The syntax and bounds of run options that would otherwise be accepted silently and go wrong
 * later (a task started with CUDA_VISIBLE_DEVICES=abc, a pool of -1 database slots, 100,000 worker
 * threads). Each check is a one-line usage error naming the option, the value and what to write.
 */
public final class RunOptionChecks {
  /** More workers than this cannot be threads of one JVM on a usual machine; nobody needs them. */
  public static final int MAX_WORKERS = 4096;

  /** Extra attempts of a failing task; more is a typo (with doubling back-off, years of waiting). */
  public static final int MAX_RETRIES = 100;

  /** A resource name: a word, as in cfg keys and {@code ResourceRequest} counters. */
  private static final Pattern RESOURCE = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

  private RunOptionChecks() {}

  public static int workers(String option, int workers) {
    if (workers < 1 || workers > MAX_WORKERS) {
      throw new UsageException(option + " must be between 1 and " + MAX_WORKERS + ", got "
          + workers + " (tasks running at once)");
    }
    return workers;
  }

  /** Every id of a GPU pool, as given to {@code option}. */
  public static List<String> gpuIds(String option, List<String> ids) {
    ids.forEach(id -> gpuId(option, id));
    return ids;
  }

  public static void gpuId(String option, String id) {
    if (!CoreSettings.isGpuId(id)) {
      throw new UsageException(option + ": '" + id + "' is not a GPU id; write device indexes"
          + " such as 0,1 (as nvidia-smi numbers them) or GPU-/MIG- UUIDs");
    }
  }

  public static Map<String, Integer> resources(String option, Map<String, Integer> limits) {
    limits.forEach((name, count) -> {
      if (name == null || !RESOURCE.matcher(name).matches()) {
        throw new UsageException(option + ": '" + (name == null ? "" : name) + "' is not a"
            + " resource name; write NAME=COUNT with a name of letters, digits and _ (db=2)");
      }
      if (count == null || count < 0) {
        throw new UsageException(option + ": " + name + " must be a count of 0 or more, got "
            + count + " (write " + name + "=2)");
      }
    });
    return limits;
  }
}
