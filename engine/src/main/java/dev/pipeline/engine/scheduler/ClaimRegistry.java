package dev.pipeline.engine.scheduler;

import dev.pipeline.api.TaskId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Exactly-once across engine processes sharing a run directory. A claim is a POSIX record lock on
 * one byte of {@code .pipeline/claims.lock}, at an offset derived from the task id. The kernel
 * drops record locks when their process dies, so a killed run never blocks the next one, and one
 * lock file serves any number of tasks (no lock file per task). Used from the scheduler thread,
 * and by {@code pipeline remove-output}, which holds the claims of the tasks whose outputs it
 * removes so that no engine process runs them meanwhile.
 */
public final class ClaimRegistry implements AutoCloseable {
  private static final long OFFSET_MASK = 0x3FFF_FFFF_FFFF_FFFFL;

  private final FileChannel channel;
  private final Map<TaskId, FileLock> held = new HashMap<>();

  ClaimRegistry(Path stateDirectory) {
    try {
      Files.createDirectories(stateDirectory);
      this.channel = FileChannel.open(stateDirectory.resolve("claims.lock"),
          StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open claims in " + stateDirectory, e);
    }
  }

  /** The claims of the run whose state directory ({@code RUN_DIR/.pipeline}) is given. */
  public static ClaimRegistry open(Path stateDirectory) {
    return new ClaimRegistry(stateDirectory);
  }

  /**
   * True when this process now holds (or already held) the claim on {@code id}; false when
   * another process (or another registry in this JVM) holds it.
   */
  public boolean tryClaim(TaskId id) {
    if (held.containsKey(id)) {
      return true;
    }
    try {
      FileLock lock = channel.tryLock(id.hash64() & OFFSET_MASK, 1, false);
      if (lock == null) {
        return false;
      }
      held.put(id, lock);
      return true;
    } catch (OverlappingFileLockException e) {
      return false; // another scheduler in this JVM holds it
    } catch (IOException e) {
      throw new UncheckedIOException("cannot claim " + id + ": " + e.getMessage(), e);
    }
  }

  public void release(TaskId id) {
    FileLock lock = held.remove(id);
    if (lock != null) {
      try {
        lock.release();
      } catch (IOException ignored) {
        // The channel is gone; the lock went with it.
      }
    }
  }

  @Override
  public void close() {
    held.clear();
    try {
      channel.close();
    } catch (IOException ignored) {
      // Closing releases every lock, which is all we need.
    }
  }
}
