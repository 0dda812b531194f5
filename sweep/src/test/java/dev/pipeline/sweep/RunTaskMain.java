package dev.pipeline.sweep;

import dev.pipeline.engine.launch.RunOptionsBuilder;
import dev.pipeline.engine.launch.RunSetup;
import dev.pipeline.engine.model.TaskRegistry;
import dev.pipeline.engine.remote.AttemptResult;
import dev.pipeline.engine.scheduler.SingleAttempt;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a cluster job or a pod runs, without the CLI module: {@code run-task FAMILY --run-dir=D
 * --attempt=N --result-file=F --param=value ...} (as {@code pipeline run-task}) or {@code run
 * FAMILY --param value ...} (as the Kubernetes pod command; run directory from {@code
 * -Dpipeline.runDir}). One attempt of the task through the engine's SingleAttempt.
 */
public final class RunTaskMain {
  private RunTaskMain() {}

  public static void main(String[] args) throws Exception {
    String family = args[1];
    Path runDir = Path.of(System.getProperty("pipeline.runDir", "."));
    Path config = null;
    Path resultFile = null;
    int attempt = 1;
    List<String> params = new ArrayList<>();
    for (String a : List.of(args).subList(2, args.length)) {
      if (a.startsWith("--run-dir=")) {
        runDir = Path.of(a.substring("--run-dir=".length()));
      } else if (a.startsWith("--config=")) {
        config = Path.of(a.substring("--config=".length()));
      } else if (a.startsWith("--result-file=")) {
        resultFile = Path.of(a.substring("--result-file=".length()));
      } else if (a.startsWith("--attempt=")) {
        attempt = Integer.parseInt(a.substring("--attempt=".length()));
      } else {
        params.add(a);
      }
    }
    RunSetup setup = RunSetup.prepare(TaskRegistry.discover(RunTaskMain.class.getClassLoader()),
        family, params, config, System.getenv());
    var options = new RunOptionsBuilder(setup).runDirectory(runDir).journal(false).build();
    SingleAttempt.Result result;
    result = new SingleAttempt(setup.root(), options, attempt, System.getenv()).run();
    if (resultFile != null) {
      new AttemptResult(result.outcome(), result.message(), result.retryable()).write(resultFile);
    }
    System.exit(result.exitCode().code());
  }
}
