package dev.pipeline.engine.executor.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The {@link PodLogFollower} of each live Job that has a task log. */
final class LogFollowers implements AutoCloseable {
  private final KubernetesClient client;
  private final ClusterState state;
  private final Duration retry;
  private final Map<String, PodLogFollower> followers = new ConcurrentHashMap<>();

  LogFollowers(KubernetesClient client, ClusterState state, Duration retry) {
    this.client = client;
    this.state = state;
    this.retry = retry;
  }

  void start(KubernetesExecutor.Handle h) {
    Path log = h.spec().logFile();
    if (log == null) {
      return;
    }
    PodLogCursor cursor = h.reattached() ? PodLogCursor.resume(log) : PodLogCursor.fresh(log);
    PodLogFollower old = followers.put(key(h),
        new PodLogFollower(client, state, h.namespace(), h.jobId(), log, cursor, retry).start());
    if (old != null) {
      old.close();
    }
  }

  /**
   * The Job has ended: lets its follower read the pods' last lines (the Job's deletion takes the
   * pods with it). Returns false when it had to give up before the end of the logs.
   */
  boolean finish(KubernetesExecutor.Handle h, Duration max) {
    PodLogFollower follower = followers.remove(key(h));
    if (follower == null) {
      return true;
    }
    try {
      return follower.finish(max);
    } catch (InterruptedException e) {
      follower.close();
      Thread.currentThread().interrupt();
      return false;
    } finally {
      follower.forgetCursor(); // the Job is deleted next
    }
  }

  /** Stops following at once (the Job is deleted or gone). */
  void stop(KubernetesExecutor.Handle h) {
    PodLogFollower follower = followers.remove(key(h));
    if (follower != null) {
      follower.close();
      follower.forgetCursor();
    }
  }

  private static String key(KubernetesExecutor.Handle h) {
    return h.namespace() + "/" + h.jobId();
  }

  @Override
  public void close() {
    followers.values().forEach(PodLogFollower::close);
    followers.clear();
  }
}
