package dev.pipeline.engine.launch;

import dev.pipeline.engine.executor.k8s.KubernetesAccess;
import dev.pipeline.engine.preflight.Preflight;
import dev.pipeline.engine.remote.RemoteExecution;
import dev.pipeline.engine.run.PreflightSettings;
import dev.pipeline.engine.scheduler.RunCheck;
import dev.pipeline.engine.scheduler.RunOptions;

/** The preflight of a run: {@code [preflight]} with the run's placement and GPU pool. */
public final class PreflightSetup {
  private PreflightSetup() {}

  /**
   * @param always true for {@code pipeline check}, which checks even when {@code [preflight]
   *     enabled = false}
   */
  public static RunCheck create(RunSetup setup, RemoteExecution remote, RunOptions options,
      boolean always) {
    return create(setup, remote, options, always,
        KubernetesAccess.standard(setup.settings().s3()));
  }

  /** As above, reaching Kubernetes through {@code kubernetes} (a test's mock cluster). */
  public static RunCheck create(RunSetup setup, RemoteExecution remote, RunOptions options,
      boolean always, KubernetesAccess kubernetes) {
    PreflightSettings settings = PreflightSettings.read(setup.config());
    if (!settings.enabled() && !always) {
      return RunCheck.NONE;
    }
    Preflight.Placement placement = new Preflight.Placement(
        t -> remote.isRemote(t) ? remote.settings(t).executor() : RemoteExecution.LOCAL,
        kubernetes.clients(), setup.settings().kubernetes().namespace());
    return new Preflight(setup.settings(), settings, placement, options.runDirectory(),
        options.gpus());
  }
}
