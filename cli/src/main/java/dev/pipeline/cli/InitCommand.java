package dev.pipeline.cli;

import dev.pipeline.engine.scaffold.PipelineHome;
import dev.pipeline.engine.scaffold.RunKind;
import dev.pipeline.engine.scaffold.S3Location;
import dev.pipeline.engine.scaffold.Scaffolder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pipeline init sandbox|tune|train-benchmark --directory DIR}: writes a run directory. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    // `pipeline --help` lists each command with the first line of its description only.
    description = {"Write a run directory to start a sandbox, tune or train-benchmark run from.",
        "sandbox/tune: base.cfg (shared data and physics parameters), sandbox.cfg or tune.cfg",
        "(inherits base.cfg), config.yaml (training) and run.sh. train-benchmark: a dated",
        "directory DIR/YYYY-MM-DD_NAME with train-benchmark.cfg, trainer/, logs/, results/,",
        "workdir/ and run.sh."},
    footer = {"%nThen: bash DIR/run.sh [--workers 5 --gpus 0,1 ...] [--tmux]"})
final class InitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "KIND", description = "sandbox, tune or train-benchmark.")
  String kind;

  @Option(names = {"-d", "--directory"}, required = true, paramLabel = "DIR",
      description = "The run directory to write (created if missing).")
  Path directory;

  @Option(names = "--s3-bucket", paramLabel = "s3://BUCKET/PREFIX",
      description = {"Train on Kubernetes with the training run directory there (sandbox),",
          "and point PIPELINE_TRAIN_DIR / PIPELINE_TRAIN_DATA_DIR into it."})
  String s3Bucket;

  @Option(names = "--name", paramLabel = "NAME",
      description = "train-benchmark: the run's name in DIR/YYYY-MM-DD_NAME (default train-benchmark).")
  String name;

  @Option(names = "--keep-workdir",
      description = "train-benchmark: keep the scratch workdir/ when the run completes.")
  boolean keepWorkdir;

  @Option(names = "--force",
      description = "Write into a directory that is not empty (replaces only the files init writes).")
  boolean force;

  @Override
  public Integer call() {
    Optional<S3Location> bucket = Optional.ofNullable(s3Bucket).map(S3Location::parse);
    RunKind runKind = RunKind.parse(kind);
    if (!runKind.dated() && (name != null || keepWorkdir)) {
      throw new dev.pipeline.api.error.UsageException((name != null ? "--name" : "--keep-workdir")
          + " applies to train-benchmark only");
    }
    Scaffolder.Result result = Scaffolder.write(new Scaffolder.Request(runKind, directory, bucket,
        force, PipelineHome.locate(), name, keepWorkdir, java.time.LocalDate.now()));
    PrintWriter out = spec.commandLine().getOut();
    out.println("wrote " + String.join(", ", result.files()) + " in " + result.directory());
    result.notes().forEach(out::println);
    out.println("start it with: bash " + result.directory().resolve("run.sh")
        + " (--tmux to run it in a detached tmux session)");
    return 0;
  }
}
