package dev.pipeline.engine.scheduler;

import dev.pipeline.engine.model.TaskFamily;
import dev.pipeline.api.error.IoFaults;
import dev.pipeline.api.error.PipelineException;
import dev.pipeline.engine.command.CommandLookup;
import dev.pipeline.engine.command.ConfiguredCommand;
import dev.pipeline.engine.graph.CompletenessChecker;
import dev.pipeline.engine.log.OutputRouter;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.TaskFailedException;
import dev.pipeline.api.targets.StorageFault;
import dev.pipeline.api.targets.Target;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Runs one attempt of a task on a worker thread and classifies how it ended. The work is the
 * task's run(), or the family's cfg command when it has one.
 */
final class AttemptRunner {
  private AttemptRunner() {}

  /**
   * One attempt outside a scheduler run (e.g. inside a cluster job): the family's cfg command, if
   * any, comes from the configuration the task was created with.
   */
  static Outcome run(Task task, AttemptContext context, boolean captureOutput, BooleanSupplier cancelled) {
    CommandLookup lookup = new CommandLookup();
    ConfiguredCommand command = lookup.forTask(task).orElse(null);
    return run(task, command, lookup.settings(task).timeout(), context, captureOutput, cancelled);
  }

  /**
   * @param timeout the family's {@code timeout}, or null: a cfg command enforces it itself (it
   *     kills the process tree); a Java task's run() is interrupted when it passes
   */
  static Outcome run(Task task, ConfiguredCommand command, Duration timeout,
      AttemptContext context, boolean captureOutput, BooleanSupplier cancelled) {
    // The claim is ours now; another process may have finished the task since the graph was built.
    if (CompletenessChecker.isComplete(task)) {
      return Outcome.ALREADY_COMPLETE;
    }
    if (command != null) { // the work is the command's process tree; this thread only waits
      Outcome outcome = attempt(task, command, timeout, context, captureOutput, cancelled);
      return outcome.withUsage(context.commandUsage());
    }
    ThreadUsage thread = ThreadUsage.start();
    Outcome outcome = attempt(task, null, timeout, context, captureOutput, cancelled);
    return outcome.withUsage(thread.stop().plus(context.commandUsage()));
  }

  private static Outcome attempt(Task task, ConfiguredCommand command, Duration timeout,
      TaskContext context, boolean captureOutput, BooleanSupplier cancelled) {
    if (captureOutput) {
      OutputRouter.bind(context.logStream());
    }
    AttemptDeadline deadline = AttemptDeadline.start(command == null ? timeout : null);
    try {
      if (command != null) {
        command.run(task, context);
      } else {
        task.run(context);
      }
    } catch (InterruptedException | ClosedByInterruptException | InterruptedIOException e) {
      return timedOut(deadline, context, cancelled).orElse(Outcome.interrupted());
    } catch (TaskFailedException e) {
      return cancelled.getAsBoolean() ? Outcome.interrupted()
          : timedOut(deadline, context, cancelled).orElse(Outcome.failure(e.getMessage(), e.retryable()));
    } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
      if (cancelled.getAsBoolean()) {
        return Outcome.interrupted();
      }
      Optional<Outcome> late = timedOut(deadline, context, cancelled);
      if (late.isPresent()) {
        return late.get();
      }
      StorageFault fault = storageFault(e);
      if (fault != null) { // a store's one-line error is the whole story: no trace, no class name
        context.log().println(fault.getMessage());
        return Outcome.failure(fault.getMessage(), true);
      }
      e.printStackTrace(context.log());
      return Outcome.failure(describe(e), true);
    } finally {
      deadline.close();
      if (captureOutput) {
        OutputRouter.unbind();
      }
    }
    if (cancelled.getAsBoolean() && Thread.currentThread().isInterrupted()) {
      return Outcome.interrupted();
    }
    Optional<Outcome> late = timedOut(deadline, context, cancelled);
    if (late.isPresent()) {
      return late.get(); // run() ignored the interruption and returned after the limit
    }
    List<String> missing = new ArrayList<>();
    for (Target t : task.outputs()) {
      if (!t.exists()) {
        missing.add(t.uri());
      }
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

  /** A failure naming the timeout, when the deadline expired (and the run was not interrupted). */
  private static Optional<Outcome> timedOut(AttemptDeadline deadline, TaskContext context,
      BooleanSupplier cancelled) {
    if (!deadline.expired() || cancelled.getAsBoolean()) {
      return Optional.empty();
    }
    Thread.interrupted(); // the watchdog's: it must not break the log write below
    context.log().println(deadline.reason());
    return Optional.of(Outcome.failure(deadline.reason(), true));
  }

  private static StorageFault storageFault(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof StorageFault f) {
        return f;
      }
    }
    return null;
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
