package dev.pipeline.cli;

import dev.pipeline.engine.runview.RunCatalog;
import dev.pipeline.engine.runview.RunModel;
import dev.pipeline.engine.web.HtmlReport;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pipeline report [--run-dir DIR] [-o report.html]}: a self-contained report of a run. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {"Write a self-contained HTML report of the newest run in a run directory (or"
        + " --run), and its trace.tsv beside it.",
        "The report opens with no network: summary, graph, task table, timeline, plots."})
final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--run-dir", paramLabel = "DIR",
      description = "The run directory (default: $PIPELINE_RUN_DIR or .).")
  Path runDirectory;

  @Option(names = "--run", paramLabel = "ID", description = "A run id from the journal (default: the newest).")
  String runId;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write it (default: report.html).")
  Path output = Path.of("report.html");

  @Option(names = "--trace", paramLabel = "FILE", description = "Where to write trace.tsv (default: beside the report).")
  Path trace;

  @Option(names = "--stacktrace", description = "Print stack traces of errors.")
  boolean stacktrace;

  @Override
  public Integer call() {
    Path dir = runDirectory;
    if (dir == null) {
      String env = System.getenv("PIPELINE_RUN_DIR");
      dir = Path.of(env == null || env.isBlank() ? "." : env);
    }
    HtmlReport.checkWritable(output);
    RunCatalog catalog = new RunCatalog(List.of(dir), null);
    RunModel run = HtmlReport.select(catalog, runId, dir);
    HtmlReport.write(catalog, run, output);
    Path traceFile = trace != null ? trace : output.toAbsolutePath().resolveSibling("trace.tsv");
    HtmlReport.trace(run, traceFile);
    spec.commandLine().getOut().println("report of run " + run.runId() + " (" + run.total()
        + " tasks) in " + output + ", trace in " + traceFile);
    return 0;
  }
}
