package dev.pipeline.engine.executor.k8s;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.fabric8.kubernetes.client.dsl.Loggable;
import io.fabric8.kubernetes.client.dsl.PodResource;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the logs of one Job's pods into the task log while the Job runs: each pod in turn,
 * oldest first, a header line before each (a pod that failed under backoffLimit is followed by
 * the next attempt's pod). A pod that has not started yet is waited for; a stream that ends
 * while its container still runs (a dropped connection, an API server restart) is resumed from
 * the last line's timestamp, so nothing is written twice; an engine that re-attaches after a
 * restart goes on from where the previous one stopped ({@link PodLogCursor}). When the Job has ended,
 * {@link #finish} lets the follower read what the pods wrote last before the Job is deleted.
 */
final class PodLogFollower implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PodLogFollower.class);
  /** Errors on an ended pod's log before giving up on it (it may never have run). */
  private static final int ENDED_POD_ATTEMPTS = 3;

  private final KubernetesClient client;
  private final ClusterState state;
  private final String namespace;
  private final String job;
  private final Path logFile;
  private final PodLogCursor cursor;
  private final Duration retry;
  private final Set<String> done = ConcurrentHashMap.newKeySet();
  private final Thread thread;
  private volatile boolean jobEnded;
  private volatile boolean stopped;
  private volatile LogWatch current;

  PodLogFollower(KubernetesClient client, ClusterState state, String namespace, String job, Path logFile,
      PodLogCursor cursor, Duration retry) {
    this.client = client;
    this.state = state;
    this.namespace = namespace;
    this.job = job;
    this.logFile = logFile;
    this.cursor = cursor;
    this.retry = retry;
    this.thread = new Thread(this::run, "pipeline-k8s-log-" + job);
    thread.setDaemon(true);
  }

  PodLogFollower start() {
    thread.start();
    return this;
  }

  /**
   * The Job has ended: follows its pods to the end of their logs, waiting at most {@code max},
   * then stops. Returns false when it had to stop before the logs were complete.
   */
  boolean finish(Duration max) throws InterruptedException {
    jobEnded = true;
    thread.join(max.toMillis());
    boolean complete = !thread.isAlive();
    close();
    return complete;
  }

  /** The Job is gone: its log position need not outlive this engine. */
  void forgetCursor() {
    cursor.delete();
  }

  /** Stops at once (the Job is being deleted). */
  @Override
  public void close() {
    stopped = true;
    LogWatch w = current;
    if (w != null) {
      w.close();
    }
    thread.interrupt();
  }

  private void run() {
    try (OutputStream log = Files.newOutputStream(logFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      while (!stopped) {
        List<Pod> pods = pods();
        if (pods == null) {
          continue;
        }
        Pod next = pods.stream().filter(p -> !done.contains(p.getMetadata().getName())
            && !cursor.done(p.getMetadata().getName())).findFirst().orElse(null);
        if (next == null) {
          if (jobEnded) {
            return;
          }
          Thread.sleep(retry.toMillis());
          continue;
        }
        follow(next.getMetadata().getName(), pods.indexOf(next) + 1, log);
      }
    } catch (InterruptedException e) {
      // stopped
    } catch (IOException | RuntimeException e) {
      LOG.warn("following the pod logs of Kubernetes Job {} failed: {}", job, e.toString());
    } finally {
      cursor.save(); // an engine that re-attaches later goes on from here
    }
  }

  /** The Job's pods, or null after a failed query (waited out: the API server may be back soon). */
  private List<Pod> pods() throws InterruptedException {
    try {
      return state.pods(namespace, job);
    } catch (KubernetesClientException e) {
      LOG.debug("pods of Kubernetes Job {}: {}", job, e.getMessage());
      Thread.sleep(retry.toMillis());
      return null;
    }
  }

  /** The pod as last seen, {@code gone} when it no longer exists, or null after a failed query. */
  private Pod pod(String name, Pod gone) throws InterruptedException {
    try {
      Pod p = state.pod(namespace, name);
      return p == null ? gone : p;
    } catch (KubernetesClientException e) {
      LOG.debug("pod {}: {}", name, e.getMessage());
      Thread.sleep(retry.toMillis());
      return null;
    }
  }

  /** Follows one pod's log to its end (or until stopped). */
  private void follow(String pod, int attempt, OutputStream log) throws IOException, InterruptedException {
    boolean continued = cursor.started(pod);
    note(log, "---- pod " + pod + " (attempt " + attempt + (continued ? ", continued" : "") + ") ----");
    TimestampedLogSink sink = new TimestampedLogSink(log, cursor.last(pod), at -> cursor.advance(pod, at));
    int endedErrors = 0;
    boolean toldOfError = false;
    Pod gone = new Pod();
    while (!stopped) {
      Pod p = pod(pod, gone);
      if (p == gone) {
        break; // deleted with its Job, or evicted and removed: there is no more log to read
      }
      if (p == null) {
        continue;
      }
      boolean ended = ended(p);
      if (!started(p)) {
        if (jobEnded || ended) {
          note(log, "(no log: pod " + pod + " never started" + waitingReason(p) + ")");
          break;
        }
        Thread.sleep(retry.toMillis());
        continue;
      }
      Throwable error = stream(pod, sink);
      if (ended && error == null) {
        sink.flushPartial(); // the end of a finished container's stream is the end of its log
        break;
      }
      sink.discardPartial();
      if (error != null && ended && ++endedErrors >= ENDED_POD_ATTEMPTS) {
        note(log, "(log of pod " + pod + " unavailable: " + message(error) + ")");
        break;
      }
      if (error != null && !toldOfError) {
        // Once, so that a lasting cause (no RBAC for pods/log) shows where the user looks.
        note(log, "(log stream of pod " + pod + " failed, retrying: " + message(error) + ")");
        toldOfError = true;
      }
      if (!ended(p)) {
        Thread.sleep(retry.toMillis());
      }
    }
    done.add(pod);
    if (!stopped) {
      cursor.finished(pod);
    }
  }

  /** One log request from the last line seen on; returns when the stream ends (null) or fails. */
  private Throwable stream(String pod, TimestampedLogSink sink) throws InterruptedException {
    LogWatch watch;
    try {
      watch = follow(client, namespace, pod, sink.last(), sink);
    } catch (KubernetesClientException e) {
      return e;
    }
    current = watch;
    try {
      if (stopped) {
        return null;
      }
      var closed = watch.onClose().toCompletableFuture();
      while (true) {
        try {
          return closed.get(1, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          cursor.save(); // lines of the last second, if any: a crash repeats no more than those
        }
      }
    } catch (ExecutionException e) {
      return e.getCause();
    } finally {
      current = null;
      watch.close();
    }
  }

  /**
   * Opens {@code GET .../pods/POD/log?follow=true&timestamps=true[&sinceTime=...]}, writing into
   * {@code out} as the data arrives. No wait for the pod to be ready: the caller checked it runs
   * (fabric8 still looks the pod up once before it opens the stream).
   */
  static LogWatch follow(KubernetesClient client, String namespace, String pod, Instant since, OutputStream out) {
    PodResource resource = client.pods().inNamespace(namespace).withName(pod);
    Loggable request = since == null ? resource.usingTimestamps()
        : resource.usingTimestamps().sinceTime(since.truncatedTo(ChronoUnit.SECONDS).toString());
    return request.withReadyWaitTimeout(0).watchLog(out);
  }

  static boolean started(Pod p) {
    if (p.getStatus() == null) {
      return false;
    }
    String phase = p.getStatus().getPhase();
    if ("Running".equals(phase) || "Succeeded".equals(phase)) {
      return true;
    }
    return containers(p).stream().anyMatch(c -> c.getState() != null
        && (c.getState().getRunning() != null || c.getState().getTerminated() != null));
  }

  static boolean ended(Pod p) {
    if (p.getStatus() == null) {
      return false;
    }
    String phase = p.getStatus().getPhase();
    if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
      return true;
    }
    List<ContainerStatus> cs = containers(p);
    return !cs.isEmpty() && cs.stream().allMatch(c -> c.getState() != null && c.getState().getTerminated() != null);
  }

  private static List<ContainerStatus> containers(Pod p) {
    return p.getStatus() == null || p.getStatus().getContainerStatuses() == null ? List.of()
        : p.getStatus().getContainerStatuses();
  }

  private static String waitingReason(Pod p) {
    return containers(p).stream().filter(c -> c.getState() != null && c.getState().getWaiting() != null)
        .map(c -> ": " + c.getState().getWaiting().getReason()).findFirst().orElse("");
  }

  private static String message(Throwable t) {
    String m = t.getMessage();
    return m == null ? t.toString() : m.lines().findFirst().orElse(m);
  }

  private static void note(OutputStream log, String line) throws IOException {
    log.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    log.flush();
  }
}
