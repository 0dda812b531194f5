package dev.pipeline.sweep;

import dev.pipeline.api.targets.Target;
import dev.pipeline.api.targets.TargetStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A point's completeness, read from its {@code stat.json}: the point is complete when every
 * selected command is recorded with {@code code} 0 (the runner's rule: succeeded commands are
 * skipped). With {@code -f} the success must also come from this invocation ({@code run} equals
 * its id), so forced points run once, and then count as complete.
 *
 * <p>{@code stat.json} records every outcome (running, finished, failed, skipped, interrupted);
 * only the {@code code} decides completeness, so a failure on record never looks like success.
 */
final class StatTarget implements Target {
  private final Path file;
  private final List<String> commands;
  private final String forcedRun;

  StatTarget(Path file, List<String> commands, String forcedRun) {
    this.file = file;
    this.commands = List.copyOf(commands);
    this.forcedRun = forcedRun;
  }

  Path file() {
    return file;
  }

  @Override
  public boolean exists() {
    LinkedHashMap<String, Object> stat = JsonText.readObject(file);
    for (String c : commands) {
      if (!succeeded(stat.get(c), forcedRun)) {
        return false;
      }
    }
    return true;
  }

  /** Whether a stat entry records a success (of invocation {@code run}, when not null). */
  static boolean succeeded(Object entry, String run) {
    return entry instanceof Map<?, ?> m && m.get("code") instanceof Number n && n.intValue() == 0
        && (run == null || run.equals(m.get("run")));
  }

  @Override
  public String uri() {
    return file + " (" + String.join(", ", commands) + " succeeded)";
  }

  /** Forgets the selected commands' outcomes (the point will run again). */
  @Override
  public void remove() throws IOException {
    LinkedHashMap<String, Object> stat = JsonText.readObject(file);
    if (stat.keySet().removeAll(commands)) {
      JsonText.replace(file, stat);
    }
  }

  @Override
  public TargetStore store() {
    return STORE;
  }

  /** Stat files are small and per point: each is read on its own. */
  private static final TargetStore STORE = targets -> {
    boolean[] out = new boolean[targets.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = targets.get(i).exists();
    }
    return out;
  };
}
