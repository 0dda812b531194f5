package dev.pipeline.cli;

import dev.pipeline.api.error.UsageException;
import dev.pipeline.engine.model.TaskFamily;
import dev.pipeline.engine.model.TaskRegistry;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A root-task parameter named like an option of the command ({@code @Param int gpus} and {@code
 * pipeline run Sleep --gpus 1}) would be silently shadowed by the option. Such a parameter is
 * reachable only as {@code --Family-param}; the bare form is refused when it was used, naming
 * both meanings and how to write each.
 */
final class AmbiguousOptions {
  /** Where an option that collides can be given instead: its cfg key or environment variable. */
  private static final Map<String, String> ELSEWHERE = Map.of(
      "--workers", "[core] workers", "--gpus", "[core] gpus", "--retries", "[core] retries",
      "--executor", "[core] executor", "--config", "PIPELINE_CONFIG=FILE",
      "--run-dir", "PIPELINE_RUN_DIR=DIR", "--fail-fast", "[core] fail_fast",
      "--retry-backoff", "[core] retry_backoff", "--resources", "[resources]");

  private AmbiguousOptions() {}

  /**
   * @throws UsageException when an option given on the command line is spelled exactly like a
   *     parameter of {@code family}
   */
  static void check(CommandSpec spec, TaskRegistry registry, String family) {
    TaskFamily root = registry.find(family);
    if (root == null) {
      return; // the usual unknown-family error follows
    }
    for (OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
      for (String name : option.names()) {
        if (name.startsWith("--") && root.parameters().stream()
            .anyMatch(p -> p.name().equals(name.substring(2)))) {
          // Named as typed: --TrainConfig-config works as well as --sandbox.TrainConfig-config.
          throw new UsageException(message(family, name));
        }
      }
    }
  }

  private static String message(String family, String option) {
    String param = option.substring(2);
    String other = ELSEWHERE.get(option);
    return option + " is ambiguous: it is an option of this command and a parameter of " + family
        + "; write --" + family + "-" + param + " VALUE for the parameter"
        + (other == null ? "" : ", " + other + " for the option");
  }
}
