package dev.pipeline.sweep;

import dev.pipeline.engine.model.TaskRegistry;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tests' way to say what a sweep is asked to do, field by field as on a command line; {@link
 * SweepFixture#run} turns it into the typed groups the runner takes, as the CLI's mixins do.
 */
final class SweepArguments {
  Path yaml = Path.of("params.yaml");
  String output = "output";
  String title;
  List<String> commands = new ArrayList<>();
  String exec;
  Integer sample;
  Long seed;
  boolean noParamDir;
  boolean noShrinkDir;

  boolean debug;
  boolean force;
  boolean dryRun;
  boolean manual;
  boolean confirm;

  boolean summary;
  String sort;
  boolean descending;
  String results = "results.json";

  String executor;
  List<String> resources;
  Integer workers;
  Integer retries;
  String retryBackoff;
  String timeout;
  boolean journal = true;

  Path workDir = Path.of("").toAbsolutePath();
  String datetime;
  Map<String, String> environment = new LinkedHashMap<>();
  Path runDirectory;
  Path config;
  TaskRegistry registry;
  List<String> launcher = List.of("pipeline");
  List<Path> classpath = new ArrayList<>();

  /** Runs the sweep (or prints its {@code --summary}) and returns the exit code. */
  int run(PrintWriter out, Reader in) {
    if (summary) {
      return SweepRunner.summary(workDir, output, new SummaryView(sort, descending, results), out);
    }
    return new SweepRunner(
        new SweepFile(yaml, output, title, commands, exec, sample, seed, !noParamDir, !noShrinkDir),
        new SweepMode(debug, force, dryRun, manual, confirm),
        new SweepExecution(executor, resources, workers, retries, retryBackoff, timeout, journal),
        new SweepInvocation(workDir, datetime, environment, runDirectory, config, registry, launcher,
            classpath, List.of(), false),
        out, in).run();
  }
}
