package dev.pipeline.engine.executor.k8s;

/**
 * A task that decides by itself to run as a Kubernetes Job (e.g. Train when its run directory is
 * on S3), without {@code executor = kubernetes} in its cfg section.
 */
public interface RunsOnKubernetes {
  boolean runsOnKubernetes();
}
