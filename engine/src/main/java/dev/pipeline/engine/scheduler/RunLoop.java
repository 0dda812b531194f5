package dev.pipeline.engine.scheduler;

import dev.pipeline.api.ResourceRequest;
import dev.pipeline.engine.model.TaskFamily;
import dev.pipeline.engine.config.ConfigException;
import dev.pipeline.engine.event.TaskState;
import dev.pipeline.engine.executor.JobMonitor;
import dev.pipeline.engine.executor.local.LocalProcessExecutor;
import dev.pipeline.engine.graph.CompletenessChecker;
import dev.pipeline.engine.graph.TaskNode;
import dev.pipeline.engine.log.OutputRouter;
import dev.pipeline.engine.log.TaskLog;
import dev.pipeline.api.RetryPolicy;
import dev.pipeline.api.Task;
import dev.pipeline.engine.command.CommandLookup;
import dev.pipeline.engine.config.ParameterSource;
import dev.pipeline.engine.config.ServiceSettings;
import dev.pipeline.engine.service.ServiceException;
import dev.pipeline.engine.service.Services;
import dev.pipeline.api.TaskId;
import dev.pipeline.engine.provenance.ProvenanceRecord;
import dev.pipeline.engine.provenance.ProvenanceRecorder;
import dev.pipeline.engine.remote.RemoteExecution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Drives a run: decides what runs when and where, and records outcomes in the run's {@link
 * RunProgress}, which owns every task's state and never calls back. Worker threads drive it: a
 * worker that finishes an attempt records the outcome and takes the next ready task in the same
 * critical section, so a task costs no thread hand-off (the round trip through a coordinator
 * thread costs more than a small task). All scheduling state is guarded by {@link #lock};
 * attempts run outside it.
 */
final class RunLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunLoop.class);
  private static final long INTERRUPT_GRACE_MS = 30_000;
  private static final long IDLE_WAIT_MS = 60_000;
  /** How often producers' manifests are read while tasks follow their published items. */
  private static final long PUBLISH_POLL_MS = 200;

  private final RunOptions options;
  private final RunProgress run;
  private final CommandLookup commands;
  private final Events events;
  private final ResourcePool pool;
  private final ReadyQueue ready;
  private final ClaimRegistry claims;
  private final ProvenanceRecorder provenance;
  private final ReentrantLock lock = new ReentrantLock();
  /** Idle workers wait here for ready work, retries coming due, or the end. */
  private final Condition changed = lock.newCondition();
  /** The supervising thread waits here for the end or an interruption. */
  private final Condition supervisor = lock.newCondition();
  private final PriorityQueue<Retry> retries =
      new PriorityQueue<>((a, b) -> Long.compare(a.dueNanos, b.dueNanos));
  private final List<TaskNode> elsewhere = new ArrayList<>();
  private final Map<Integer, Running> running = new HashMap<>();
  private final List<Thread> workers = new ArrayList<>();
  private JobMonitor monitor;
  /** Attempts of cluster tasks; those picked in one critical section are handed over together. */
  private final RemoteAttempts remote;
  private final List<RemoteAttempts.Job> remoteBatch = new ArrayList<>();
  private long nextClaimPoll;
  private long nextPublishPoll;
  private boolean stopLaunching;
  private boolean finished;
  private volatile boolean interruptRequested;
  private volatile boolean interrupted;
  /** Why the run must stop launching tasks (set from another thread), or null. */
  private volatile String stopRequested;

  private final Services services;

  RunLoop(RunOptions options, RunProgress run, CommandLookup commands, Events events,
      RemoteExecution remoteExecution, ProvenanceRecorder provenance) {
    this.commands = commands;
    this.provenance = provenance;
    this.options = options;
    this.remote = new RemoteAttempts(remoteExecution, commands, options);
    this.run = run;
    this.events = events;
    this.pool = new ResourcePool(options.gpus(), options.resources(), options.cpuFallback());
    this.ready = new ReadyQueue(options.maxBypass());
    this.claims = new ClaimRegistry(options.stateDirectory());
    this.services = new Services(this::monitor, options.runDirectory(), options.environment(),
        () -> interrupted);
    if (options.captureOutput()) {
      OutputRouter.install();
    }
  }

  ResourcePool pool() {
    return pool;
  }

  boolean interrupted() {
    return interrupted;
  }

  void enqueue(TaskNode n) {
    Integer configured = commands.settings(n.task()).priority();
    ready.add(n, localRequest(n.task()), configured != null ? configured : n.task().priority());
  }

  /** What a task needs from this machine's pool (a cluster task's GPUs are the cluster's). */
  ResourceRequest localRequest(Task task) {
    return remote.localRequest(task);
  }

  void stopLaunching() {
    stopLaunching = true;
    remote.cancelQueued();
  }

  /**
   * Starts no new task from now on (from any thread): running ones finish and the run ends.
   * {@code reason} says why, for the summary.
   */
  void requestStop(String reason) {
    stopRequested = reason;
    lock.lock();
    try {
      supervisor.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Why {@link #requestStop} was called, or null. */
  String stopRequested() {
    return stopRequested;
  }

  void requestInterrupt() {
    interruptRequested = true;
    lock.lock();
    try {
      supervisor.signalAll();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Runs until nothing is left to do (or the interruption grace period ends). */
  void run() {
    lock.lock();
    try {
      for (int i = 1; i <= options.workers(); i++) {
        Thread t = new Thread(this::work, "pipeline-worker-" + i);
        t.setDaemon(true);
        workers.add(t);
        t.start();
      }
      long deadline = Long.MAX_VALUE;
      while (!finished) {
        if (stopRequested != null && !stopLaunching) {
          stopLaunching();
          changed.signalAll(); // idle workers see that nothing is left to start
        }
        if (interruptRequested && !interrupted) {
          beginInterrupt();
          deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(INTERRUPT_GRACE_MS);
        }
        if (interrupted && System.nanoTime() - deadline > 0) {
          abandonRunning();
          return;
        }
        await(supervisor, interrupted ? 200 : IDLE_WAIT_MS);
      }
    } finally {
      finished = true;
      changed.signalAll();
      lock.unlock();
    }
  }

  /** A worker: record the last outcome, take the next task, run it outside the lock, repeat. */
  private void work() {
    lock.lock();
    try {
      Attempt previous = null;
      while (!finished) {
        if (previous != null) {
          finished(previous);
          previous = null;
        }
        fireRetries();
        pollElsewhere();
        pollPublished();
        release(run.drainMet());
        if (nothingLeft()) {
          finished = true;
          changed.signalAll();
          supervisor.signalAll();
          return;
        }
        Attempt next = nextAttempt();
        if (next != null && next.outcome != null) {
          previous = next; // could not even start: recorded at the top of the loop
          continue;
        }
        if (next != null && next.running.thread() == null) {
          remoteBatch.add(new RemoteAttempts.Job(next.node.task(), next.context,
              outcome -> remoteFinished(next, outcome)));
          continue; // a cluster task holds no worker: take the next one
        }
        if (!remoteBatch.isEmpty()) {
          remote.start(new ArrayList<>(remoteBatch));
          remoteBatch.clear();
        }
        if (next == null) {
          await(changed, waitMillis());
          continue;
        }
        if (!ready.isEmpty()) {
          changed.signal(); // more is ready: let an idle worker take it
        }
        lock.unlock();
        try {
          next.outcome = execute(next);
        } finally {
          lock.lock();
        }
        previous = next;
      }
    } finally {
      lock.unlock();
    }
  }

  private boolean nothingLeft() {
    boolean moreToStart = !stopLaunching && (!ready.isEmpty() || !retries.isEmpty() || !elsewhere.isEmpty());
    return running.isEmpty() && !moreToStart;
  }

  private Outcome execute(Attempt a) {
    try {
      Task task = a.node.task();
      List<ServiceSettings> needed = ParameterSource.of(task).services(TaskFamily.of(task).name());
      if (needed.isEmpty()) {
        return AttemptRunner.run(task, commands.forTask(task).orElse(null),
            commands.settings(task).timeout(), a.context, options.captureOutput(),
            () -> interrupted);
      }
      return withServices(task, needed, a.context);
    } catch (ConfigException e) {
      return Outcome.failure(e.getMessage(), false); // a cfg command of a dynamic requirement
    } catch (RuntimeException | Error e) {
      return Outcome.failure("engine error while running: " + e, false);
    }
  }

  /** Runs the attempt while holding the services its family lists ({@code services}). */
  private Outcome withServices(Task task, List<ServiceSettings> needed, AttemptContext context) {
    Services.Lease lease;
    try {
      lease = services.acquire(needed, context.log());
    } catch (ServiceException e) {
      return Outcome.failure(e.getMessage(), true);
    } catch (java.io.IOException e) {
      return Outcome.failure("cannot start a service: " + e.getMessage(), true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.failure("interrupted while its services started", false);
    }
    try {
      return AttemptRunner.run(task, commands.forTask(task).orElse(null),
          commands.settings(task).timeout(), context.withEnvironment(lease.environment()),
          options.captureOutput(), () -> interrupted);
    } finally {
      services.release(lease);
    }
  }

  /** The services of this run, for the tasks that will run to announce themselves. */
  Services services() {
    return services;
  }

  /** The best ready task that fits the free resources, claimed and marked running; or null. */
  private Attempt nextAttempt() {
    while (!stopLaunching && !ready.isEmpty()) {
      List<ReadyQueue.Entry> skipped = new ArrayList<>();
      ReadyQueue.Entry chosen = null;
      ResourcePool.Allocation allocation = null;
      for (ReadyQueue.Entry e : ready.candidates()) {
        if (!ready.allowed(e)) {
          continue;
        }
        Optional<ResourcePool.Allocation> a = pool.tryAcquire(e.request);
        if (a.isPresent()) {
          chosen = e;
          allocation = a.get();
          break;
        }
        skipped.add(e);
      }
      if (chosen == null) {
        return null;
      }
      ready.started(chosen, skipped);
      if (claims.tryClaim(chosen.node.task().id())) {
        return start(chosen.node, allocation);
      }
      pool.release(allocation);
      waitElsewhere(chosen.node);
    }
    return null;
  }

  private Attempt start(TaskNode n, ResourcePool.Allocation allocation) {
    TaskId id = n.task().id();
    int attempt = run.table().nextAttempt(n.index());
    List<String> gpus = pool.deviceIds(allocation);
    TaskLog log = new TaskLog(events.logPath(id), "=== " + id + " attempt " + attempt + " at "
        + Instant.now() + (gpus.isEmpty() ? "" : " gpus " + String.join(",", gpus)) + " ===\n");
    Map<String, String> env = options.environment();
    if (pool.hasGpuPool() || !gpus.isEmpty()) {
      // With a pool, a task that asked for no GPU must not see (and grab) anyone else's.
      env = new HashMap<>(env);
      env.put("CUDA_VISIBLE_DEVICES", String.join(",", gpus));
    }
    AttemptContext context = new AttemptContext(id, attempt, gpus, env, log,
        options.runDirectory(), this::monitor, () -> interrupted, item -> publishedBy(n, item));
    run.table().setState(n.index(), TaskState.RUNNING);
    events.task(id, TaskState.RUNNING, attempt, gpus, log.file(), null);
    Thread owner = remote.handles(n.task()) ? null : Thread.currentThread();
    Running r = new Running(attempt, allocation, gpus, log, owner);
    running.put(n.index(), r);
    Attempt a = new Attempt(n, r, context);
    try {
      a.inputs = provenance.starting(n.task(), n.rerunReason() != null);
    } catch (IOException | RuntimeException e) {
      a.outcome = Outcome.failure("cannot remove the outputs it makes again: " + e, true);
    }
    return a;
  }

  /** A cluster attempt's outcome, from the remote dispatcher thread. */
  private void remoteFinished(Attempt a, Outcome outcome) {
    lock.lock();
    try {
      if (running.get(a.node.index()) != a.running) {
        return; // given up on after the interruption grace period
      }
      a.outcome = outcome;
      finished(a);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void finished(Attempt a) {
    TaskNode n = a.node;
    if (!stopLaunching && run.followingItems()) {
      // What a producer published just before it ended must reach its followers before its end
      // is recorded: a failed producer closes them, and the throttled poll may not have run yet.
      run.pollPublished();
    }
    Running r = running.remove(n.index());
    pool.release(r.allocation());
    claims.release(n.task().id());
    r.log().close();
    Outcome outcome = a.outcome;
    switch (outcome.kind()) {
      case SUCCESS -> {
        record(n, a.inputs);
        run.table().setState(n.index(), TaskState.DONE);
        events.task(n.task().id(), TaskState.DONE, r.attempt(), r.gpus(), r.log().file(), null,
            outcome.usage());
        run.succeeded(n, true);
      }
      case ALREADY_COMPLETE -> {
        run.finish(n, TaskState.COMPLETE, outcome.message());
        run.succeeded(n, true);
      }
      case INTERRUPTED -> run.finish(n, TaskState.INTERRUPTED, outcome.message(), outcome.usage());
      case FAILURE -> failed(n, r, outcome);
    }
    // Resources were freed: an idle worker may now fit a task this worker will not take.
    if (!ready.isEmpty() || !retries.isEmpty()) {
      changed.signal();
    }
  }

  /**
   * Provenance of a task that has just succeeded. A record that cannot be written leaves its
   * outputs without provenance (complete, as before provenance existed): warned, not fatal.
   */
  private void record(TaskNode n, List<ProvenanceRecord.Input> inputs) {
    try {
      provenance.completed(n.task(), inputs);
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot record the provenance of {}: {}", n.task().id(), e.toString());
    }
  }

  private void failed(TaskNode n, Running r, Outcome outcome) {
    RetryPolicy own = n.task().retryPolicy() != null ? n.task().retryPolicy() : options.defaultRetry();
    RetryPolicy policy = commands.settings(n.task()).retryPolicy(own);
    if (interrupted) {
      run.finish(n, TaskState.INTERRUPTED, outcome.message(), outcome.usage());
    } else if (outcome.retryable() && r.attempt() < policy.attempts() && !stopLaunching) {
      long backoff = policy.backoffBefore(r.attempt() + 1).toMillis();
      run.table().setState(n.index(), TaskState.RETRYING);
      events.task(n.task().id(), TaskState.RETRYING, r.attempt(), r.gpus(), r.log().file(),
          outcome.message() + " (attempt " + r.attempt() + " of " + policy.attempts()
              + "; retrying in " + backoff + " ms)", outcome.usage());
      retries.add(new Retry(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff), n));
    } else {
      run.fail(n, outcome.message(), outcome.usage());
      release(List.of());
    }
  }

  /** Queues tasks whose requirements are met; with fail-fast, a failure stops further launches. */
  private void release(List<TaskNode> nowReady) {
    nowReady.forEach(this::enqueue);
    if (options.failFast() && run.hasFailures() && !stopLaunching) {
      stopLaunching();
    }
  }

  private void fireRetries() {
    long now = System.nanoTime();
    while (!retries.isEmpty() && retries.peek().dueNanos - now <= 0 && !stopLaunching) {
      TaskNode n = retries.poll().node;
      run.table().setState(n.index(), TaskState.READY);
      enqueue(n);
    }
  }

  private void waitElsewhere(TaskNode n) {
    run.table().setState(n.index(), TaskState.WAITING_ELSEWHERE);
    events.task(n.task().id(), TaskState.WAITING_ELSEWHERE, run.table().attempt(n.index()),
        List.of(), "claimed by another pipeline process on this run directory");
    if (elsewhere.isEmpty()) {
      nextClaimPoll = System.nanoTime() + options.claimPoll().toNanos();
    }
    elsewhere.add(n);
  }

  /** Looks again at tasks another process holds: finished there, or free for us to run. */
  private void pollElsewhere() {
    if (elsewhere.isEmpty() || System.nanoTime() - nextClaimPoll < 0 || stopLaunching) {
      return;
    }
    nextClaimPoll = System.nanoTime() + options.claimPoll().toNanos();
    for (Iterator<TaskNode> it = elsewhere.iterator(); it.hasNext(); ) {
      TaskNode n = it.next();
      TaskId id = n.task().id();
      if (!claims.tryClaim(id)) {
        continue;
      }
      it.remove();
      boolean complete = CompletenessChecker.isComplete(n.task());
      claims.release(id);
      if (complete) {
        run.finish(n, TaskState.COMPLETE, "completed by another process");
        run.succeeded(n, true);
      } else {
        run.table().setState(n.index(), TaskState.READY);
        enqueue(n);
      }
    }
  }

  /** Per-item tasks of what running producers published since the last look. */
  private void pollPublished() {
    if (stopLaunching || !run.followingItems() || System.nanoTime() - nextPublishPoll < 0) {
      return;
    }
    nextPublishPoll = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PUBLISH_POLL_MS);
    run.pollPublished();
  }

  /** An in-process task published an item (from its thread): journal it, look for followers now. */
  private void publishedBy(TaskNode producer, dev.pipeline.api.Published item) {
    lock.lock();
    try {
      run.published(producer, item);
      nextPublishPoll = System.nanoTime();
      changed.signal();
    } finally {
      lock.unlock();
    }
  }

  private long waitMillis() {
    long wait = IDLE_WAIT_MS;
    long now = System.nanoTime();
    if (run.followingItems()) {
      wait = Math.min(wait, PUBLISH_POLL_MS);
    }
    if (!retries.isEmpty()) {
      wait = Math.min(wait, TimeUnit.NANOSECONDS.toMillis(retries.peek().dueNanos - now) + 1);
    }
    if (!elsewhere.isEmpty()) {
      wait = Math.min(wait, TimeUnit.NANOSECONDS.toMillis(nextClaimPoll - now) + 1);
    }
    return Math.max(1, wait);
  }

  private void await(Condition condition, long millis) {
    try {
      condition.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      interruptRequested = true;
    }
  }

  private void beginInterrupt() {
    interrupted = true;
    stopLaunching = true;
    synchronized (this) {
      if (monitor != null) {
        monitor.killAll();
      }
    }
    remote.cancelAll();
    running.values().stream().filter(r -> r.thread() != null).forEach(r -> r.thread().interrupt());
    changed.signalAll();
  }

  private void abandonRunning() {
    for (Integer i : new ArrayList<>(running.keySet())) {
      run.finish(run.graph().node(i), TaskState.INTERRUPTED,
          "did not stop within " + INTERRUPT_GRACE_MS / 1000 + "s of the interruption");
    }
    running.clear();
  }

  /** Created on first use, so runs that start no process pay nothing for it. */
  private synchronized JobMonitor monitor() {
    if (monitor == null) {
      try {
        monitor = LocalProcessExecutor.monitor(options.stateDirectory());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot prepare the local executor: " + e.getMessage(), e);
      }
    }
    return monitor;
  }

  @Override
  public void close() {
    lock.lock();
    try {
      finished = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    services.close(); // before the monitor: a service's stop goes through it
    synchronized (this) {
      if (monitor != null) {
        monitor.close();
      }
    }
    remote.close();
    claims.close();
    provenance.close();
  }

  /** One attempt between its start and the worker recording its outcome. */
  private static final class Attempt {
    final TaskNode node;
    final Running running;
    final AttemptContext context;
    Outcome outcome;
    /** The inputs as the attempt found them, for its provenance. */
    List<ProvenanceRecord.Input> inputs = List.of();

    Attempt(TaskNode node, Running running, AttemptContext context) {
      this.node = node;
      this.running = running;
      this.context = context;
    }
  }

  private record Retry(long dueNanos, TaskNode node) {}
}
