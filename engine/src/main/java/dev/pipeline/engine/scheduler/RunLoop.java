package dev.pipeline.engine.scheduler;

import dev.pipeline.engine.event.TaskState;
import dev.pipeline.engine.executor.JobMonitor;
import dev.pipeline.engine.executor.local.LocalProcessExecutor;
import dev.pipeline.engine.graph.CompletenessChecker;
import dev.pipeline.engine.graph.TaskNode;
import dev.pipeline.engine.log.OutputRouter;
import dev.pipeline.engine.log.TaskLog;
import dev.pipeline.engine.model.RetryPolicy;
import dev.pipeline.engine.model.Task;
import dev.pipeline.engine.model.TaskId;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The dispatching half of a run: starts ready tasks when a worker and their resources are free,
 * receives outcomes from workers, schedules retries, waits on tasks claimed by other processes,
 * and handles interruption. Single-threaded apart from the worker pool.
 */
final class RunLoop implements AutoCloseable {
  private static final long INTERRUPT_GRACE_MS = 30_000;

  private final RunOptions options;
  private final SchedulerRun run;
  private final Events events;
  private final ResourcePool pool;
  private final ReadyQueue ready;
  private final ClaimRegistry claims;
  private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
  private final PriorityQueue<Retry> retries =
      new PriorityQueue<>((a, b) -> Long.compare(a.dueNanos, b.dueNanos));
  private final List<TaskNode> elsewhere = new ArrayList<>();
  private final Map<Integer, Running> running = new HashMap<>();
  private final ExecutorService workers;
  private JobMonitor monitor;
  private long nextClaimPoll;
  private boolean stopLaunching;
  private volatile boolean interruptRequested;
  private volatile boolean interrupted;

  RunLoop(RunOptions options, SchedulerRun run, Events events) {
    this.options = options;
    this.run = run;
    this.events = events;
    this.pool = new ResourcePool(options.gpus(), options.resources());
    this.ready = new ReadyQueue(options.maxBypass());
    this.claims = new ClaimRegistry(options.stateDirectory());
    AtomicInteger n = new AtomicInteger();
    this.workers = Executors.newFixedThreadPool(options.workers(), r -> {
      Thread t = new Thread(r, "pipeline-worker-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
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
    ready.add(n, n.task().resources());
  }

  void stopLaunching() {
    stopLaunching = true;
  }

  void requestInterrupt() {
    interruptRequested = true;
    inbox.add(Wakeup.INTERRUPT);
  }

  void run() {
    long interruptDeadline = Long.MAX_VALUE;
    while (true) {
      if (interruptRequested && !interrupted) {
        beginInterrupt();
        interruptDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(INTERRUPT_GRACE_MS);
      }
      dispatch();
      boolean waitingForMore = !stopLaunching && (!ready.isEmpty() || !retries.isEmpty() || !elsewhere.isEmpty());
      if (running.isEmpty() && !waitingForMore) {
        return;
      }
      if (interrupted && System.nanoTime() > interruptDeadline) {
        running.keySet().forEach(i -> run.finish(run.graph().node(i), TaskState.INTERRUPTED,
            "did not stop within " + INTERRUPT_GRACE_MS / 1000 + "s of the interruption"));
        return;
      }
      Object message = take();
      while (message != null) {
        handle(message);
        message = inbox.poll();
      }
      fireRetries();
      pollElsewhere();
      run.drainMet();
    }
  }

  private Object take() {
    long wait = 60_000;
    long now = System.nanoTime();
    if (!retries.isEmpty()) {
      wait = Math.min(wait, TimeUnit.NANOSECONDS.toMillis(retries.peek().dueNanos - now));
    }
    if (!elsewhere.isEmpty()) {
      wait = Math.min(wait, TimeUnit.NANOSECONDS.toMillis(nextClaimPoll - now));
    }
    if (interrupted) {
      wait = Math.min(wait, 500);
    }
    try {
      return wait <= 0 ? inbox.poll() : inbox.poll(wait, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      requestInterrupt();
      return null;
    }
  }

  private void dispatch() {
    while (!stopLaunching && running.size() < options.workers() && !ready.isEmpty()) {
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
        return;
      }
      ready.started(chosen, skipped);
      TaskNode n = chosen.node;
      if (!claims.tryClaim(n.task().id())) {
        pool.release(allocation);
        waitElsewhere(n);
        continue;
      }
      launch(n, allocation);
    }
  }

  private void launch(TaskNode n, ResourcePool.Allocation allocation) {
    Task task = n.task();
    TaskId id = task.id();
    int attempt = run.table().nextAttempt(n.index());
    List<String> gpus = pool.deviceIds(allocation);
    TaskLog log = new TaskLog(events.logPath(id),
        "=== " + id + " attempt " + attempt + " at " + Instant.now()
            + (gpus.isEmpty() ? "" : " gpus " + String.join(",", gpus)) + " ===\n");
    Map<String, String> env = new HashMap<>(options.environment());
    if (pool.hasGpuPool() || !gpus.isEmpty()) {
      // With a pool, a task that asked for no GPU must not see (and grab) anyone else's.
      env.put("CUDA_VISIBLE_DEVICES", String.join(",", gpus));
    }
    AttemptContext context = new AttemptContext(id, attempt, gpus, env, log,
        options.runDirectory(), this::monitor, () -> interrupted);
    run.table().setState(n.index(), TaskState.RUNNING);
    events.task(id, TaskState.RUNNING, attempt, gpus, log.file(), null);
    var future = workers.submit(() -> {
      Outcome outcome;
      try {
        outcome = AttemptRunner.run(task, context, options.captureOutput(), () -> interrupted);
      } catch (RuntimeException | Error e) {
        outcome = Outcome.failure("engine error while running: " + e, false);
      }
      inbox.add(new Finished(n, outcome));
    });
    running.put(n.index(), new Running(attempt, allocation, gpus, log, future));
  }

  private void handle(Object message) {
    if (message instanceof Finished f) {
      finished(f.node, f.outcome);
    }
  }

  private void finished(TaskNode n, Outcome outcome) {
    Running r = running.remove(n.index());
    pool.release(r.allocation());
    claims.release(n.task().id());
    r.log().close();
    TaskId id = n.task().id();
    switch (outcome.kind()) {
      case SUCCESS -> {
        events.task(id, TaskState.DONE, r.attempt(), r.gpus(), r.log().file(), null);
        run.table().setState(n.index(), TaskState.DONE);
        run.succeeded(n, true);
      }
      case ALREADY_COMPLETE -> {
        run.finish(n, TaskState.COMPLETE, outcome.message());
        run.succeeded(n, true);
      }
      case INTERRUPTED -> run.finish(n, TaskState.INTERRUPTED, outcome.message());
      case FAILURE -> failed(n, r, outcome);
    }
  }

  private void failed(TaskNode n, Running r, Outcome outcome) {
    RetryPolicy policy = n.task().retryPolicy() != null ? n.task().retryPolicy() : options.defaultRetry();
    if (interrupted) {
      run.finish(n, TaskState.INTERRUPTED, outcome.message());
    } else if (outcome.retryable() && r.attempt() < policy.attempts() && !stopLaunching) {
      long backoff = policy.backoffBefore(r.attempt() + 1).toMillis();
      run.table().setState(n.index(), TaskState.RETRYING);
      events.task(n.task().id(), TaskState.RETRYING, r.attempt(), r.gpus(), r.log().file(),
          outcome.message() + " (attempt " + r.attempt() + " of " + policy.attempts()
              + "; retrying in " + backoff + " ms)");
      retries.add(new Retry(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff), n));
    } else {
      run.fail(n, outcome.message());
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

  private void beginInterrupt() {
    interrupted = true;
    stopLaunching = true;
    synchronized (this) {
      if (monitor != null) {
        monitor.killAll();
      }
    }
    running.values().forEach(r -> r.future().cancel(true));
  }

  /** Created on first use, so runs that start no process pay nothing for it. */
  private synchronized JobMonitor monitor() {
    if (monitor == null) {
      try {
        LocalProcessExecutor local = new LocalProcessExecutor(options.stateDirectory());
        monitor = new JobMonitor(local);
        local.onExit(monitor::wakeUp);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot prepare the local executor: " + e.getMessage(), e);
      }
    }
    return monitor;
  }

  @Override
  public void close() {
    workers.shutdownNow();
    synchronized (this) {
      if (monitor != null) {
        monitor.close();
      }
    }
    claims.close();
  }

  private record Finished(TaskNode node, Outcome outcome) {}

  private record Retry(long dueNanos, TaskNode node) {}

  private enum Wakeup {
    INTERRUPT
  }
}
