package dev.pipeline.engine.scheduler;

import dev.pipeline.engine.event.RunListener;
import dev.pipeline.engine.event.RunSummary;
import dev.pipeline.engine.graph.TaskGraph;
import dev.pipeline.api.Task;
import dev.pipeline.engine.provenance.RerunPolicy;
import dev.pipeline.engine.remote.RemoteExecution;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the incomplete part of the graph below some root tasks with N workers, a GPU allocator,
 * named resources, retries, cross-process claims and a journal. One instance runs once.
 *
 * <pre>{@code
 * RunSummary summary = new Scheduler(RunOptions.defaults(dir).withWorkers(4))
 *     .listener(event -> ...)
 *     .run(List.of(new Train()));
 * }</pre>
 */
public final class Scheduler {
  private final RunOptions options;
  private final List<RunListener> listeners = new ArrayList<>();
  private RemoteExecution remote =
      RemoteExecution.localOnly();
  private RerunPolicy rerun = RerunPolicy.DEFAULT;
  private RunCheck check = RunCheck.NONE;
  private volatile SchedulerRun current;
  private volatile boolean interruptRequested;

  public Scheduler(RunOptions options) {
    this.options = options;
  }

  public Scheduler listener(RunListener listener) {
    listeners.add(listener);
    return this;
  }

  /**
   * Which tasks run elsewhere (SLURM, HTCondor, Kubernetes) and how; by default every task runs
   * here.
   */
  public Scheduler remote(RemoteExecution execution) {
    this.remote = execution;
    return this;
  }

  /** Which existing outputs are made again: stale, forced ({@link RerunPolicy#DEFAULT}). */
  public Scheduler rerun(RerunPolicy policy) {
    this.rerun = policy;
    return this;
  }

  /** What is checked after the graph is built and before anything runs (preflight). */
  public Scheduler check(RunCheck runCheck) {
    this.check = runCheck;
    return this;
  }

  /**
   * What a run would do, changing nothing: the graph built as {@link #run} builds it (the same
   * existence and freshness checks), for {@code pipeline run --dry-run}.
   */
  public TaskGraph plan(List<? extends Task> roots) {
    return RunPlanner.plan(options, rerun, roots);
  }

  /**
   * Builds the graph, validates it and makes the {@link #check(RunCheck)} without running or
   * recording anything ({@code pipeline check}).
   *
   * @return the number of tasks a run would start
   */
  public int checkOnly(List<? extends Task> roots) {
    SchedulerRun run = new SchedulerRun(options, List.of(), remote, rerun, check);
    current = run;
    return run.checkOnly(roots);
  }

  /**
   * Builds the graph (failing with {@link dev.pipeline.engine.graph.DependencyCycleException} or
   * a usage error before anything runs), runs it, and returns the summary. Listeners are closed
   * before this returns.
   */
  public RunSummary run(List<? extends Task> roots) {
    SchedulerRun run = new SchedulerRun(options, listeners, remote, rerun, check);
    current = run;
    if (interruptRequested) {
      run.interrupt();
    }
    return run.execute(roots);
  }

  /** Stops launching, terminates running tasks and their processes; safe from any thread. */
  public void interrupt() {
    interruptRequested = true;
    SchedulerRun run = current;
    if (run != null) {
      run.interrupt();
    }
  }

  /** The graph of the last run (for status displays and tests). */
  public TaskGraph graph() {
    return current == null ? new TaskGraph() : current.graph();
  }
}
