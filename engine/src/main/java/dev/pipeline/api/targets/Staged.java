package dev.pipeline.api.targets;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A temporary location for an output under construction. Write it by any means (Java code or an
 * external program), then {@link #commit()} to make it appear at the target atomically. Closing
 * without committing discards it, so a failing writer leaves nothing that looks complete.
 */
public interface Staged extends Closeable {
  /** The local path to write: a file or a directory, depending on the target kind. */
  Path path();

  /** Publishes the staged data at the target's location in one atomic step. */
  void commit() throws IOException;

  /** Discards the staged data unless it was committed. */
  @Override
  void close() throws IOException;
}
