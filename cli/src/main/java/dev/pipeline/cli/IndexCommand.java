package dev.pipeline.cli;

import dev.pipeline.engine.config.PipelineConfig;
import dev.pipeline.api.error.ExitCode;
import dev.pipeline.engine.inspect.TaskIndex;
import dev.pipeline.engine.launch.RunSetup;
import dev.pipeline.engine.model.TaskRegistry;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pipeline index}: every task family with its parameters. */
@Command(
    name = "index",
    mixinStandardHelpOptions = true,
    description = {"List every task family with its parameters.",
        "Families: built-in, --classpath, $PIPELINE_PLUGINS. Parameters: type, code default,"
            + " significant or not, description.",
        "With a cfg (--config or $PIPELINE_CONFIG) or PIPELINE__FAMILY__PARAM variables, the"
            + " configured value follows with where it comes from."})
final class IndexCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin CommonOptions common;

  @Option(names = "--all", description = "Also the scheduler benchmark families (bench.Fan, bench.Layers).")
  boolean all;

  @Override
  public Integer call() {
    TaskRegistry registry = common.registry();
    PipelineConfig config = RunSetup.load(registry, common.configFile(), common.environment());
    TaskIndex.write(registry, config, spec.commandLine().getOut(), all);
    return ExitCode.OK.code();
  }
}
