package dev.pipeline.cli;

import dev.pipeline.sweep.SweepExecution;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code pipeline sweep}: where points run and how: executor, GPU slots, workers, retries, time limit. */
final class SweepRunOptions {
  @Option(names = "--executor", paramLabel = "NAME",
      description = "local (default), slurm, condor, lsf, pbs or kubernetes; [SweepPoint] executor in the cfg"
          + " wins, job settings come from [SweepPoint] and [slurm]/[condor]/[kubernetes].")
  String executor;

  @Option(names = {"-r", "--resource"}, arity = "1..*", paramLabel = "SLOT",
      description = "GPU slots instead of the file's resource: -r 0 1, -r 0 0 1 1, -r 0,1 2,3.")
  List<String> resources;

  @Option(names = "--workers", paramLabel = "N", description = "Points running at once (default: one per GPU slot, else 1).")
  Integer workers;

  @Option(names = "--retries", paramLabel = "N", description = "Extra attempts for a failing point (default 0).")
  Integer retries;

  @Option(names = "--retry-backoff", paramLabel = "DURATION", description = "Wait before the first retry (default 10s).")
  String retryBackoff;

  @Option(names = "--timeout", paramLabel = "DURATION",
      description = "Time limit per point (all its commands), e.g. 1h; a point over it fails alone.")
  String timeout;

  @Option(names = "--no-journal", description = "Do not write .pipeline/journal.jsonl.")
  boolean noJournal;

  SweepExecution execution() {
    return new SweepExecution(executor, resources, workers, retries, retryBackoff, timeout, !noJournal);
  }
}
