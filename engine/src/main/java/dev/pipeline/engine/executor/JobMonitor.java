package dev.pipeline.engine.executor;

import dev.pipeline.engine.config.ValueParsers;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows all live jobs of one executor with one bulk poll per interval, completes each job's
 * future when it reaches a final state, and enforces time limits by killing the job.
 */
public final class JobMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobMonitor.class);

  private final Executor executor;
  private final Map<JobHandle, Tracked> live = new ConcurrentHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Thread thread;
  private volatile boolean closed;

  public JobMonitor(Executor executor) {
    this.executor = executor;
    this.thread = new Thread(this::loop, "pipeline-monitor-" + executor.name());
    thread.setDaemon(true);
    thread.start();
  }

  public Executor executor() {
    return executor;
  }

  /** Submits a job and returns its handle with a future that completes with its final status. */
  public Submitted submit(JobSpec spec) throws IOException {
    Submitted submitted = track(executor.submit(spec));
    wakeUp();
    return submitted;
  }

  /**
   * Follows a job submitted by other means (one element of an array, or a job found again after an
   * engine restart). Does not poll at once: the next bulk poll covers it.
   */
  public Submitted track(JobHandle handle) {
    Tracked tracked = new Tracked(handle, deadline(handle.spec().timeout()));
    live.put(handle, tracked);
    return new Submitted(handle, tracked.result);
  }

  /** Kills one job; its future completes once the executor reports it ended. */
  public void kill(JobHandle handle) {
    executor.kill(List.of(handle));
    wakeUp();
  }

  /** Kills every live job (interruption). */
  public void killAll() {
    List<JobHandle> all = new ArrayList<>(live.keySet());
    if (!all.isEmpty()) {
      executor.kill(all);
    }
    wakeUp();
  }

  /** Asks for an early poll, e.g. when a local process exits. */
  public void wakeUp() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    closed = true;
    wakeUp();
    executor.close();
  }

  private void loop() {
    while (!closed) {
      awaitNextPoll();
      if (live.isEmpty()) {
        continue;
      }
      try {
        pollOnce();
      } catch (RuntimeException e) {
        // A failed status query is not a failed job: keep the jobs and ask again next interval.
        LOG.warn("{}: status query failed, will retry: {}", executor.name(), e.toString());
      }
    }
  }

  private void pollOnce() {
    Map<JobHandle, JobStatus> statuses = executor.poll(new ArrayList<>(live.keySet()));
    long now = System.nanoTime();
    for (Map.Entry<JobHandle, JobStatus> e : statuses.entrySet()) {
      Tracked tracked = live.get(e.getKey());
      if (tracked == null) {
        continue;
      }
      JobStatus status = e.getValue();
      if (status.state().isFinal()) {
        live.remove(e.getKey());
        tracked.result.complete(tracked.timedOut ? timedOut(tracked, status) : status);
      } else if (tracked.deadline != 0 && now - tracked.deadline > 0 && !tracked.timedOut) {
        tracked.timedOut = true;
        LOG.debug("job {} exceeded its time limit; killing", tracked.handle.jobId());
        executor.kill(List.of(tracked.handle));
      }
    }
  }

  private static JobStatus timedOut(Tracked tracked, JobStatus status) {
    Duration limit = tracked.handle.spec().timeout();
    return new JobStatus(JobState.FAILED, status.exitCode(),
        "timed out after " + ValueParsers.formatDuration(limit) + " and was killed");
  }

  private void awaitNextPoll() {
    lock.lock();
    try {
      changed.await(executor.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    } finally {
      lock.unlock();
    }
  }

  private static long deadline(Duration timeout) {
    if (timeout == null || timeout.isZero() || timeout.isNegative()) {
      return 0;
    }
    long d = System.nanoTime() + timeout.toNanos();
    return d == 0 ? 1 : d;
  }

  /** A live job and its eventual result. */
  public record Submitted(JobHandle handle, CompletableFuture<JobStatus> result) {}

  private static final class Tracked {
    final JobHandle handle;
    final long deadline;
    final CompletableFuture<JobStatus> result = new CompletableFuture<>();
    volatile boolean timedOut;

    Tracked(JobHandle handle, long deadline) {
      this.handle = handle;
      this.deadline = deadline;
    }
  }
}
