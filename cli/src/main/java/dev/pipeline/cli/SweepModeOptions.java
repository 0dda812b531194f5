package dev.pipeline.cli;

import dev.pipeline.sweep.SummaryView;
import dev.pipeline.sweep.SweepMode;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code pipeline sweep}: run, preview, write jobs by hand, or summarise what ran. */
final class SweepModeOptions {
  @Option(names = {"-d", "--debug"}, description = "Run only the first point, forced, with its output on the console.")
  boolean debug;

  @Option(names = {"-f", "--force"}, description = "Run points again even if they succeeded before.")
  boolean force;

  @Option(names = "--dry-run", description = "Print the points and their commands; run and write nothing.")
  boolean dryRun;

  @Option(names = "--manual", description = "Write the jobs without running them (a script per"
      + " point in OUTPUT/manual/, the SLURM/HTCondor job arrays, or Kubernetes Job manifests)"
      + " and print how to submit them.")
  boolean manual;

  @Option(names = "--confirm", description = "Run the first point, then ask (y/n/all/exit) before the others.")
  boolean confirm;

  @Option(names = "--summary", description = "Print a table of the points in -o: status, duration, metrics.")
  boolean summary;

  @Option(names = "--sort", paramLabel = "COLUMN", description = "--summary: sort by this column (a metric, name, status, duration).")
  String sort;

  @Option(names = "--desc", description = "--summary: sort in descending order.")
  boolean descending;

  @Option(names = "--results", paramLabel = "FILE",
      description = "--summary: the metrics file each point writes to {_output} (default: results.json).")
  String results = "results.json";

  SweepMode mode() {
    return new SweepMode(debug, force, dryRun, manual, confirm);
  }

  /** The table {@code --summary} asks for, or empty when the points are to run. */
  Optional<SummaryView> summary() {
    return summary ? Optional.of(new SummaryView(sort, descending, results)) : Optional.empty();
  }
}
