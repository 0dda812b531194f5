package dev.pipeline.engine.scheduler;

import dev.pipeline.api.error.IoFaults;
import dev.pipeline.api.error.PipelineException;
import dev.pipeline.engine.command.CommandLookup;
import dev.pipeline.engine.command.ConfiguredCommand;
import dev.pipeline.engine.config.ParameterSources;
import dev.pipeline.engine.graph.CompletenessChecker;
import dev.pipeline.engine.log.OutputRouter;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.TaskFailedException;
import dev.pipeline.api.targets.Target;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Runs one attempt of a task on a worker thread and classifies how it ended. The work is the
 * task's run(), or the family's cfg command when it has one.
 */
final class AttemptRunner {
  private AttemptRunner() {}

  /**
   * One attempt outside a scheduler run (e.g. inside a cluster job): the family's cfg command, if
   * any, comes from the current parameter source.
   */
  static Outcome run(Task task, TaskContext context, boolean captureOutput, BooleanSupplier cancelled) {
    ConfiguredCommand command = new CommandLookup(ParameterSources.current())
        .forFamily(task.family()).orElse(null);
    return run(task, command, context, captureOutput, cancelled);
  }

  static Outcome run(Task task, ConfiguredCommand command, TaskContext context,
      boolean captureOutput, BooleanSupplier cancelled) {
    // The claim is ours now; another process may have finished the task since the graph was built.
    if (CompletenessChecker.isComplete(task)) {
      return Outcome.ALREADY_COMPLETE;
    }
    if (captureOutput) {
      OutputRouter.bind(context.logStream());
    }
    dev.pipeline.engine.executor.k8s.KubernetesAttempt remote =
        dev.pipeline.engine.executor.k8s.KubernetesAttempt.forTask(task);
    try {
      if (remote != null) {
        remote.run(task, command, context, cancelled);
      } else if (command != null) {
        command.run(task, context);
      } else {
        task.run(context);
      }
    } catch (InterruptedException | ClosedByInterruptException | InterruptedIOException e) {
      return Outcome.interrupted();
    } catch (TaskFailedException e) {
      return cancelled.getAsBoolean() ? Outcome.interrupted() : Outcome.failure(e.getMessage(), e.retryable());
    } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
      if (cancelled.getAsBoolean()) {
        return Outcome.interrupted();
      }
      e.printStackTrace(context.log());
      return Outcome.failure(describe(e), true);
    } finally {
      if (captureOutput) {
        OutputRouter.unbind();
      }
    }
    if (cancelled.getAsBoolean() && Thread.currentThread().isInterrupted()) {
      return Outcome.interrupted();
    }
    List<String> missing = new ArrayList<>();
    for (Target t : task.outputs()) {
      if (!t.exists()) {
        missing.add(t.uri());
      }
    }
    if (!missing.isEmpty() && remote != null) {
      return Outcome.failure("the Kubernetes Job succeeded but " + String.join(", ", missing)
          + " does not exist here: a pod writes to its own file system, so put the output on"
          + " s3:// or on a volume that [kubernetes] job_template mounts", false);
    }
    if (!missing.isEmpty()) {
      return Outcome.failure(command != null
          ? "command exited with code 0 but did not produce " + String.join(", ", missing)
              + " (write it at a path the command line names: {output}, {output[name]})"
          : "run() returned but did not produce " + String.join(", ", missing)
              + " (write outputs through their stage()/write() so they appear on success)", false);
    }
    return Outcome.SUCCESS;
  }

  private static String describe(Throwable e) {
    if (IoFaults.isIoFault(e)) {
      // A full disk or a read-only output directory is the user's environment, not a bug: words.
      return IoFaults.describe("write", e);
    }
    if (e instanceof PipelineException) {
      return e.getMessage();
    }
    String message = e.getMessage();
    String where = "";
    StackTraceElement[] trace = e.getStackTrace();
    if (trace.length > 0) {
      where = " at " + trace[0].getClassName() + "." + trace[0].getMethodName() + ":"
          + trace[0].getLineNumber();
    }
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message) + where;
  }
}
