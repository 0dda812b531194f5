package dev.pipeline.engine.scheduler;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.engine.executor.JobMonitor;
import dev.pipeline.engine.executor.local.LocalProcessExecutor;
import dev.pipeline.engine.graph.CompletenessChecker;
import dev.pipeline.engine.journal.HostName;
import dev.pipeline.engine.log.OutputRouter;
import dev.pipeline.engine.log.TaskLog;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import sun.misc.Signal;

/**
 * One attempt of one task, run here and now: what a cluster job does ({@code pipeline run-task}).
 * No graph and no claim (the engine that submitted the job holds the task's claim); the task's
 * requirements must already be complete. The same atomic outputs, log file and process handling as
 * an attempt inside a run. GPUs are the ones the batch system gave the job ({@code
 * CUDA_VISIBLE_DEVICES}); SIGTERM (a wall-time kill) stops the task and the processes it started.
 */
public final class SingleAttempt {
  /** How the attempt ended: the process exit code, and the message for a failure. */
  public record Result(ExitCode exitCode, String outcome, String message, boolean retryable) {}

  private static final String[] FORWARDED = {"PIPELINE_RESTART_COUNT", "PIPELINE_CHECKPOINT_DIR",
      "PIPELINE_ATTEMPT"};

  private final Task task;
  private final RunOptions options;
  private final int attempt;
  private final Map<String, String> processEnvironment;
  private volatile boolean cancelled;
  private volatile Thread thread;
  private JobMonitor monitor;

  /**
   * @param processEnvironment this process's environment (the job's): GPUs, restart count and
   *     checkpoint directory come from it
   */
  public SingleAttempt(Task task, RunOptions options, int attempt, Map<String, String> processEnvironment) {
    this.task = task;
    this.options = options;
    this.attempt = attempt;
    this.processEnvironment = Map.copyOf(processEnvironment);
  }

  /**
   * SIGTERM and SIGINT stop the attempt. A second SIGINT (Ctrl-C twice) exits at once; repeated
   * SIGTERMs do not, since at a wall-time kill the batch system signals every process of the job
   * and the job wrapper forwards its own, and the task deserves its grace period to save state.
   */
  public SingleAttempt handleSignals() {
    boolean[] seen = {false};
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        Signal.handle(new Signal(name), sig -> {
          synchronized (seen) {
            if (seen[0] && sig.getName().equals("INT")) {
              Runtime.getRuntime().halt(128 + sig.getNumber());
            }
            seen[0] = true;
          }
          interrupt();
        });
      } catch (IllegalArgumentException e) {
        // Signal not available here: the default (exit) applies.
      }
    }
    return this;
  }

  public void interrupt() {
    cancelled = true;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
    synchronized (this) {
      if (monitor != null) {
        monitor.killAll();
      }
    }
  }

  public Result run() {
    thread = Thread.currentThread();
    List<String> missing = incompleteRequirements();
    if (!missing.isEmpty()) {
      return new Result(ExitCode.TASK_FAILED, "FAILURE", "requirements of " + task.id()
          + " are not complete: " + String.join(", ", missing)
          + " (run-task runs one task; 'pipeline run' builds what it needs)", true);
    }
    List<String> pool = visibleGpus();
    int wanted = task.resources().gpus();
    if (wanted > pool.size()) {
      return new Result(ExitCode.TASK_FAILED, "FAILURE", task.id() + " needs " + wanted
          + " GPU(s) but this job sees " + pool.size() + " (CUDA_VISIBLE_DEVICES="
          + processEnvironment.getOrDefault("CUDA_VISIBLE_DEVICES", "unset")
          + "); request them from the batch system", false);
    }
    List<String> gpus = pool.subList(0, wanted);
    Map<String, String> env = new HashMap<>(options.environment());
    for (String name : FORWARDED) {
      if (processEnvironment.containsKey(name)) {
        env.put(name, processEnvironment.get(name));
      }
    }
    if (!pool.isEmpty()) {
      env.put("CUDA_VISIBLE_DEVICES", String.join(",", gpus));
    }
    TaskId id = task.id();
    TaskLog log = new TaskLog(options.logFile(id), "=== " + id + " attempt " + attempt + " restart "
        + env.getOrDefault("PIPELINE_RESTART_COUNT", "0") + " at " + Instant.now() + " on "
        + HostName.current() + (gpus.isEmpty() ? "" : " gpus " + String.join(",", gpus)) + " ===\n");
    AttemptContext context = new AttemptContext(id, attempt, gpus, env, log,
        options.runDirectory(), this::monitor, () -> cancelled);
    if (options.captureOutput()) {
      OutputRouter.install();
    }
    try {
      Outcome o = AttemptRunner.run(task, context, options.captureOutput(), () -> cancelled);
      return switch (o.kind()) {
        case SUCCESS, ALREADY_COMPLETE -> new Result(ExitCode.OK, o.kind().name(), o.message(), false);
        case FAILURE -> new Result(ExitCode.TASK_FAILED, "FAILURE", o.message(), o.retryable());
        case INTERRUPTED -> new Result(ExitCode.INTERRUPTED, "INTERRUPTED", "interrupted", true);
      };
    } finally {
      log.close();
      synchronized (this) {
        if (monitor != null) {
          monitor.close();
        }
      }
      thread = null;
    }
  }

  /** Requirements (static, then dynamic) that are not complete; a wrapper counts by its own. */
  private List<String> incompleteRequirements() {
    List<String> missing = new ArrayList<>();
    Set<TaskId> seen = new HashSet<>();
    for (Task r : task.requirements()) {
      collectIncomplete(r, missing, seen);
    }
    if (missing.isEmpty()) {
      for (Task r : task.resolveDynamicRequirements()) {
        collectIncomplete(r, missing, seen);
      }
    }
    return missing;
  }

  private static void collectIncomplete(Task t, List<String> missing, Set<TaskId> seen) {
    if (!seen.add(t.id())) {
      return;
    }
    if (t.outputs().isEmpty()) {
      for (Task r : t.requirements()) {
        collectIncomplete(r, missing, seen);
      }
    } else if (!CompletenessChecker.isComplete(t)) {
      missing.add(t.id().toString());
    }
  }

  private List<String> visibleGpus() {
    String v = processEnvironment.get("CUDA_VISIBLE_DEVICES");
    List<String> out = new ArrayList<>();
    if (v != null) {
      for (String s : v.split(",")) {
        if (!s.isBlank()) {
          out.add(s.strip());
        }
      }
    }
    return out;
  }

  private synchronized JobMonitor monitor() {
    if (monitor == null) {
      try {
        monitor = LocalProcessExecutor.monitor(options.stateDirectory());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot prepare the local executor: " + e.getMessage(), e);
      }
      if (cancelled) {
        monitor.killAll();
      }
    }
    return monitor;
  }
}
