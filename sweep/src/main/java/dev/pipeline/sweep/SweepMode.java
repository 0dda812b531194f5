package dev.pipeline.sweep;

import dev.pipeline.api.error.UsageException;
import java.util.ArrayList;
import java.util.List;

/**
 * What to do with the points: run them ({@link #RUN}), {@code -d} (the first, forced, output
 * shown), {@code -f}, {@code --dry-run}, {@code --manual}, {@code --confirm}.
 */
public record SweepMode(boolean debug, boolean force, boolean dryRun, boolean manual, boolean confirm) {
  public static final SweepMode RUN = new SweepMode(false, false, false, false, false);

  /** Whether points run again even if they succeeded before ({@code -f}, and {@code -d}). */
  boolean forced() {
    return force || debug;
  }

  /** Refuses two modes at once. */
  void check() {
    List<String> modes = new ArrayList<>();
    if (dryRun) {
      modes.add("--dry-run");
    }
    if (manual) {
      modes.add("--manual");
    }
    if (confirm) {
      modes.add("--confirm");
    }
    if (debug) {
      modes.add("-d");
    }
    if (modes.size() > 1) {
      throw new UsageException(String.join(" and ", modes) + " cannot be combined; pick one");
    }
  }
}
