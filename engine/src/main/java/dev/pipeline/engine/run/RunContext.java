package dev.pipeline.engine.run;

import dev.pipeline.api.targets.s3.S3Store;
import dev.pipeline.engine.config.ParameterSource;
import dev.pipeline.engine.config.PipelineConfig;
import java.util.Objects;

/**
 * Everything one run reads, built once before anything runs and passed explicitly: two runs in
 * one process (a test, a service) never see each other's settings. Tasks keep the {@code
 * parameters} they were created with, so their requirements are configured by the same run and
 * their S3 targets talk to the same endpoint.
 *
 * @param config the cfg with its environment overrides, validated
 * @param parameters values for task parameters: {@code --Family-param}, environment, cfg
 * @param settings the engine-owned sections: core, resources, slurm, condor, kubernetes, s3
 * @param executor where tasks run unless their family says otherwise: {@code --executor}, else
 *     {@code [core] executor}
 */
public record RunContext(PipelineConfig config, ParameterSource parameters,
    BuiltinSettings settings, String executor) {
  public RunContext {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(executor, "executor");
  }

  /**
   * The run's S3 store, built from {@code settings().s3()}: held by {@code parameters}, the
   * configuration every task of the run keeps, which is how targets made in a task's output()
   * reach it ({@link dev.pipeline.api.Targets#file(dev.pipeline.api.Task, String)}).
   */
  public S3Store s3() {
    return parameters.s3Store();
  }
}
