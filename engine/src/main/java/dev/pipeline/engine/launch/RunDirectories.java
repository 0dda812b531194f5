package dev.pipeline.engine.launch;

import dev.pipeline.api.error.IoFaults;
import dev.pipeline.api.error.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks, before anything runs, that a run directory can hold {@code .pipeline/} (journal, claims,
 * logs): a run directory that is a file, read-only or on a full disk is a usage error naming the
 * directory and the cause, not a failure halfway through a run.
 */
public final class RunDirectories {
  private RunDirectories() {}

  /** Creates {@code dir/.pipeline} if needed and proves it writable with a one-byte probe. */
  public static Path requireWritable(Path dir, String option) {
    Path absolute = dir.toAbsolutePath().normalize();
    for (Path p = absolute; p != null; p = p.getParent()) {
      if (Files.exists(p) && !Files.isDirectory(p)) {
        throw unusable(option, absolute, p.equals(absolute) ? "it is a file, not a directory"
            : p + " is a file, not a directory");
      }
    }
    Path state = absolute.resolve(".pipeline");
    Path probe = state.resolve(".writable-" + ProcessHandle.current().pid());
    try {
      Files.createDirectories(state);
      Files.write(probe, new byte[] {'\n'});
    } catch (IOException e) {
      throw unusable(option, absolute, IoFaults.cause(e));
    } finally {
      try {
        Files.deleteIfExists(probe);
      } catch (IOException ignored) {
        // Nothing was written, or the probe goes with the next clean-up of .pipeline/.
      }
    }
    return dir;
  }

  private static UsageException unusable(String option, Path dir, String cause) {
    return new UsageException("cannot use " + dir + " as the run directory (" + option + "): "
        + cause + "; give a writable directory");
  }
}
