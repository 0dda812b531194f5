package dev.pipeline.engine.scheduler;

import dev.pipeline.api.TaskFailedException;
import dev.pipeline.engine.command.CommandLookup;
import dev.pipeline.engine.executor.Executor;
import dev.pipeline.engine.model.TaskFamily;
import dev.pipeline.engine.executor.JobHandle;
import dev.pipeline.engine.executor.JobMonitor;
import dev.pipeline.engine.executor.JobSpec;
import dev.pipeline.engine.executor.JobState;
import dev.pipeline.engine.executor.ResourceUsage;
import dev.pipeline.engine.executor.UsageFile;
import dev.pipeline.engine.executor.JobStatus;
import dev.pipeline.engine.executor.Termination;
import dev.pipeline.engine.executor.grid.GridExecutor;
import dev.pipeline.engine.executor.grid.Submission;
import dev.pipeline.engine.graph.CompletenessChecker;
import dev.pipeline.api.ResourceRequest;
import dev.pipeline.api.Task;
import dev.pipeline.engine.remote.JobRecords;
import dev.pipeline.engine.remote.JobRecords.JobRecord;
import dev.pipeline.engine.remote.RemoteExecution;
import dev.pipeline.engine.remote.RemoteTaskSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attempts of tasks that run outside this process: on a batch system or as Kubernetes Jobs. The
 * run loop hands them over and goes on (no worker waits for a job); one dispatcher thread submits
 * them, on a batch system ready tasks of one family and resource shape as a job array, and
 * follows them through one {@link JobMonitor} per backend (one bulk status query, or one watch,
 * per interval). A job killed at its wall time is resubmitted up to {@code
 * max_restarts}; its task resumes from its checkpoint directory. Job ids are persisted, so an
 * engine started again re-attaches to its jobs instead of submitting them twice.
 */
final class RemoteAttempts implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteAttempts.class);

  /** One attempt between its hand-over and its outcome. Touched on the dispatcher thread only. */
  static final class Job {
    final Task task;
    final AttemptContext context;
    final Consumer<Outcome> done;
    RemoteTaskSettings settings;
    int restarts;
    JobHandle handle;
    Path resultFile;
    boolean reattached;
    boolean cancelledBeforeStart;
    boolean delivered;

    Job(Task task, AttemptContext context, Consumer<Outcome> done) {
      this.task = task;
      this.context = context;
      this.done = done;
    }
  }

  private final RemoteExecution remote;
  private final CommandLookup commands;
  private final RunOptions options;
  private final JobRecords records;
  private final ExecutorService dispatcher = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "pipeline-remote");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, JobMonitor> monitors = new HashMap<>();
  private final Set<Job> live = ConcurrentHashMap.newKeySet();
  private volatile boolean cancelled;
  private volatile boolean stopSubmitting;

  RemoteAttempts(RemoteExecution remote, CommandLookup commands, RunOptions options) {
    this.remote = remote;
    this.commands = commands;
    this.options = options;
    this.records = new JobRecords(options.stateDirectory());
  }

  boolean handles(Task task) {
    return remote.isRemote(task);
  }

  /** What a task takes from this machine's pool: a remote task's GPUs are the cluster's. */
  ResourceRequest localRequest(Task task) {
    ResourceRequest r = task.resources();
    return r.gpus() > 0 && handles(task) ? new ResourceRequest(0, r.counters()) : r;
  }

  /** Takes over attempts; their outcomes arrive later through each job's callback. */
  void start(List<Job> batch) {
    dispatcher.execute(() -> dispatch(batch));
  }

  /** Ctrl-C: cancel every job (batched) and submit nothing more. */
  void cancelAll() {
    cancelled = true;
    stopSubmitting = true;
    dispatcher.execute(() -> monitors.values().forEach(JobMonitor::killAll));
  }

  /** Fail-fast: jobs still waiting in the queue are cancelled; running ones finish. */
  void cancelQueued() {
    stopSubmitting = true;
    dispatcher.execute(() -> {
      for (Map.Entry<String, JobMonitor> e : monitors.entrySet()) {
        Executor executor = remote.executor(e.getKey());
        List<JobHandle> mine = new ArrayList<>();
        live.stream().filter(j -> j.handle != null && j.settings.executor().equals(e.getKey()))
            .forEach(j -> mine.add(j.handle));
        List<JobHandle> queued = executor.queuedAmong(mine);
        Set<JobHandle> lookup = new HashSet<>(queued);
        live.stream().filter(j -> lookup.contains(j.handle)).forEach(j -> j.cancelledBeforeStart = true);
        if (!queued.isEmpty()) {
          executor.kill(queued);
        }
      }
    });
  }

  private void dispatch(List<Job> batch) {
    List<Job> fresh = new ArrayList<>();
    for (Job job : batch) {
      if (stopSubmitting) {
        deliver(job, new Outcome(Outcome.Kind.INTERRUPTED, cancelled ? "interrupted"
            : "not submitted: the run stopped launching after a failure", false));
        continue;
      }
      try {
        job.settings = remote.settings(job.task);
        // The claim is ours now; another process may have finished the task meanwhile.
        if (CompletenessChecker.isComplete(job.task)) {
          records.delete(job.task.id()); // a job of an earlier engine may have finished it
          deliver(job, Outcome.ALREADY_COMPLETE);
          continue;
        }
        Optional<JobRecord> record = records.find(job.task.id());
        if (record.isPresent() && record.get().executor().equals(job.settings.executor())) {
          reattach(job, record.get());
        } else {
          fresh.add(job);
        }
      } catch (IOException e) {
        job.context.log().println("pipeline: " + e.getMessage() + "; submitting again");
        fresh.add(job);
      } catch (RuntimeException e) {
        deliver(job, Outcome.failure("cannot prepare the cluster job: " + e, true));
      }
    }
    submit(fresh);
  }

  /** Groups jobs by backend, family and resources; each group goes out as arrays. */
  private void submit(List<Job> jobs) {
    for (List<Job> array : RemoteJobs.arrays(jobs, j -> j.task, j -> j.settings)) {
      submitChunk(array);
    }
  }

  private void submitChunk(List<Job> chunk) {
    Job first = chunk.get(0);
    Executor executor = remote.executor(first.settings.executor());
    List<JobSpec> specs = new ArrayList<>();
    try {
      for (Job j : chunk) {
        specs.add(spec(j));
      }
      List<JobHandle> handles = submitAll(executor, first, specs);
      for (int i = 0; i < chunk.size(); i++) {
        Job j = chunk.get(i);
        j.handle = handles.get(i);
        records.save(j.task.id(), record(j));
        j.context.log().println("pipeline: submitted as " + RemoteOutcomes.executorName(j) + " job "
            + j.handle.jobId() + " (restart " + j.restarts + ", " + j.handle.location() + ")");
        follow(j);
      }
      if (stopSubmitting) {
        executor.kill(handles); // cancelled while sbatch ran
      }
    } catch (TaskFailedException e) {
      chunk.forEach(j -> deliver(j, Outcome.failure(e.getMessage(), e.retryable())));
    } catch (IOException | RuntimeException e) {
      LOG.debug("submission failed", e);
      for (Job j : chunk) {
        if (j.handle == null || !live.contains(j)) {
          deliver(j, Outcome.failure("could not submit to " + first.settings.executor() + ": "
              + e.getMessage(), true));
        }
      }
    }
  }

  /** A batch system takes the chunk as one array; other backends take its jobs one by one. */
  private static List<JobHandle> submitAll(Executor executor, Job first, List<JobSpec> specs)
      throws IOException {
    if (executor instanceof GridExecutor grid) {
      return new ArrayList<>(grid.submit(new Submission(TaskFamily.of(first.task).name(), specs,
          first.settings.resources(), first.settings.arrayParallelism())));
    }
    List<JobHandle> handles = new ArrayList<>();
    for (JobSpec spec : specs) {
      handles.add(executor.submit(spec));
    }
    return handles;
  }

  private JobSpec spec(Job j) throws IOException, TaskFailedException {
    RemoteJobs.Built built = RemoteJobs.build(j.task, remote, commands, options, j.context.attempt(),
        j.restarts, j.context.logFile(), j.settings);
    j.resultFile = built.resultFile();
    return built.spec();
  }

  private JobRecord record(Job j) {
    return new JobRecord(j.task.id().canonical(), j.settings.executor(), j.handle.jobId(),
        j.context.attempt(), j.restarts, pathText(j.handle.spec().exitCodeFile()),
        pathText(j.resultFile), j.handle.location(), Instant.now().toString());
  }

  /** A job an earlier engine process submitted: follow it instead of submitting again. */
  private void reattach(Job j, JobRecord r) throws IOException {
    Executor executor = remote.executor(r.executor());
    JobSpec spec = new JobSpec(j.task.id().family(), List.of(), Map.of(), options.runDirectory(),
        j.context.logFile(), path(r.exitFile()), null);
    j.handle = executor.reattach(r.jobId(), r.location(), spec);
    j.resultFile = path(r.resultFile());
    j.restarts = r.restarts();
    j.reattached = true;
    j.context.log().println("pipeline: re-attached to " + RemoteOutcomes.executorName(j) + " job " + r.jobId()
        + " (submitted " + r.submitted() + ", restart " + r.restarts() + ")");
    follow(j);
  }

  private static String pathText(Path p) {
    return p == null ? null : p.toString();
  }

  private static Path path(String text) {
    return text == null ? null : Path.of(text);
  }

  private void follow(Job j) {
    JobMonitor monitor = monitors.computeIfAbsent(j.settings.executor(),
        name -> new JobMonitor(remote.executor(name)));
    live.add(j);
    monitor.track(j.handle).result().whenCompleteAsync((status, error) -> ended(j, status, error),
        dispatcher);
  }

  private void ended(Job j, JobStatus status, Throwable error) {
    live.remove(j);
    if (error != null) {
      finish(j, Outcome.failure("lost track of " + RemoteOutcomes.executorName(j) + " job " + j.handle.jobId()
          + ": " + error, true));
      return;
    }
    if (status.state() == JobState.SUCCEEDED) {
      finish(j, RemoteOutcomes.succeeded(j));
      return;
    }
    if (cancelled) {
      finish(j, Outcome.interrupted());
    } else if (j.cancelledBeforeStart) {
      finish(j, new Outcome(Outcome.Kind.INTERRUPTED,
          "cancelled before it started: the run stopped launching after a failure", false));
    } else if (status.termination() == Termination.TIME_LIMIT && j.restarts < j.settings.maxRestarts()
        && !stopSubmitting) {
      j.restarts++;
      j.context.log().println("pipeline: " + RemoteOutcomes.executorName(j) + " job " + j.handle.jobId()
          + " was killed at its wall time; resubmitting (restart " + j.restarts + " of "
          + j.settings.maxRestarts() + ")");
      j.handle = null;
      j.reattached = false;
      submit(List.of(j));
    } else if (status.state() == JobState.LOST && j.reattached && !stopSubmitting) {
      j.context.log().println("pipeline: " + status.detail() + "; submitting again");
      j.handle = null;
      j.reattached = false;
      submit(List.of(j));
    } else {
      finish(j, RemoteOutcomes.failed(j, status));
    }
  }

  private void finish(Job j, Outcome outcome) {
    records.delete(j.task.id());
    deliver(j, outcome.withUsage(usage(j)));
  }

  /**
   * What the job's process tree used, as its wrapper wrote it next to the exit-code file (a batch
   * job on a shared file system; a pod writes none).
   */
  private static ResourceUsage usage(Job j) {
    if (j.handle == null || j.handle.spec().exitCodeFile() == null) {
      return ResourceUsage.NONE;
    }
    return UsageFile.take(j.handle.spec().exitCodeFile()).orElse(ResourceUsage.NONE);
  }

  private void deliver(Job j, Outcome outcome) {
    if (!j.delivered) {
      j.delivered = true;
      try {
        j.done.accept(outcome);
      } catch (RuntimeException e) {
        LOG.warn("recording the outcome of {} failed: {}", j.task.id(), e.toString());
      }
    }
  }

  /** Ends the run's use of its backends; a later run with the same {@code remote} makes new ones. */
  @Override
  public void close() {
    dispatcher.shutdownNow();
    monitors.values().forEach(JobMonitor::close);
    remote.close();
  }
}
