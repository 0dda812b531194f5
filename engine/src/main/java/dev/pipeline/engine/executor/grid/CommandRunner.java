package dev.pipeline.engine.executor.grid;

import java.io.IOException;
import java.util.List;

/**
 * Runs a batch system's command line ({@code sbatch}, {@code squeue}, {@code condor_q}). The seam
 * between a grid executor's pure command builders and parsers and the real programs: tests feed
 * recorded outputs through a fake, production uses {@link ProcessCommandRunner}.
 */
@FunctionalInterface
public interface CommandRunner {
  /** Runs {@code argv} (never through a shell) and returns its exit status and output. */
  CommandResult run(List<String> argv) throws IOException;
}
