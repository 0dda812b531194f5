package dev.pipeline.api.targets;

import java.io.IOException;

/** A directory of files produced together; it appears whole or not at all. */
public interface DirectoryTarget extends Target {
  /** A temporary local directory that becomes this target on commit. */
  Staged stage() throws IOException;
}
