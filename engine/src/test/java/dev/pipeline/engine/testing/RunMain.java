package dev.pipeline.engine.testing;

import dev.pipeline.api.error.PipelineException;
import dev.pipeline.engine.event.RunSummary;
import dev.pipeline.engine.config.ValueParsers;
import dev.pipeline.api.Task;
import dev.pipeline.engine.model.TaskArguments;
import dev.pipeline.engine.model.TaskFamily;
import dev.pipeline.engine.model.TaskRegistry;
import dev.pipeline.engine.scheduler.InterruptSignals;
import dev.pipeline.engine.scheduler.RunOptions;
import dev.pipeline.engine.scheduler.Scheduler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A minimal engine process for multi-process tests, without the CLI:
 *
 * <pre>RunMain --run-dir DIR [--workers N] [--claim-poll 50ms] [--gpus 0,1] FAMILY [--param value ...]</pre>
 *
 * Families come from ServiceLoader (the test families are listed in the test resources). SIGINT
 * and SIGTERM interrupt the run; the process exits with the run's exit code.
 */
public final class RunMain {
  private RunMain() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    Path runDir = Path.of(".");
    int workers = 1;
    String claimPoll = "1s";
    List<String> gpus = List.of();
    int i = 0;
    for (; i < args.length && args[i].startsWith("--"); i += 2) {
      switch (args[i]) {
        case "--run-dir" -> runDir = Path.of(args[i + 1]);
        case "--workers" -> workers = Integer.parseInt(args[i + 1]);
        case "--claim-poll" -> claimPoll = args[i + 1];
        case "--gpus" -> gpus = Arrays.asList(args[i + 1].split(","));
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    try {
      TaskFamily family =
          TaskRegistry.discover(RunMain.class.getClassLoader()).family(args[i]);
      Task root = family.instantiate(
          TaskArguments.parse(family, new ArrayList<>(List.of(args).subList(i + 1, args.length))));
      RunOptions options = RunOptions.defaults(runDir)
          .withWorkers(workers)
          .withGpus(gpus)
          .withClaimPoll(ValueParsers.parseDuration(claimPoll))
          .withCommandLine(List.of(args));
      Scheduler scheduler = new Scheduler(options);
      InterruptSignals.install(scheduler, () -> System.err.println("RunMain: interrupting"));
      RunSummary summary = scheduler.run(List.of(root));
      System.err.println("RunMain: " + summary.counts() + " exit " + summary.exitCode().code());
      return summary.exitCode().code();
    } catch (PipelineException e) {
      System.err.println("RunMain error: " + e.getMessage());
      return e.exitCode().code();
    }
  }
}
