package dev.pipeline.engine.scheduler;

import dev.pipeline.engine.command.CommandLookup;
import dev.pipeline.engine.config.ParameterSources;
import dev.pipeline.api.error.ExitCode;
import dev.pipeline.api.error.PipelineException;
import dev.pipeline.api.error.UsageException;
import dev.pipeline.engine.event.GraphResolved;
import dev.pipeline.engine.event.RunFinished;
import dev.pipeline.engine.event.RunListener;
import dev.pipeline.engine.event.RunSummary;
import dev.pipeline.engine.event.TaskState;
import dev.pipeline.engine.graph.DependencyCycleException;
import dev.pipeline.engine.graph.GraphBuilder;
import dev.pipeline.engine.graph.TaskGraph;
import dev.pipeline.engine.graph.TaskNode;
import dev.pipeline.api.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run: builds the graph, then propagates completions through in-degree counters. Every state
 * change happens on the calling thread; workers only run attempts and post outcomes (see {@link
 * RunLoop}). Work per task is constant, so a run costs O(tasks + edges).
 */
final class SchedulerRun {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SchedulerRun.class);
  private final RunOptions options;
  private final Events events;
  private final TaskGraph graph = new TaskGraph();
  private final GraphBuilder builder = new GraphBuilder(graph);
  private final NodeTable table = new NodeTable();
  private final Deque<TaskNode> met = new ArrayDeque<>();
  private final List<RunSummary.Failure> failures = new ArrayList<>();
  private final RunLoop loop;
  private final CommandLookup commands;
  private final Instant start = Instant.now();

  SchedulerRun(RunOptions options, List<RunListener> listeners,
      dev.pipeline.engine.remote.RemoteExecution remote) {
    this.options = options;
    this.commands = new CommandLookup(ParameterSources.current());
    this.events = new Events(listeners, options);
    this.loop = new RunLoop(options, this, events, remote);
  }

  TaskGraph graph() {
    return graph;
  }

  NodeTable table() {
    return table;
  }

  /** The cfg commands that replace some families' run(). */
  CommandLookup commands() {
    return commands;
  }

  void interrupt() {
    loop.requestInterrupt();
  }

  RunSummary execute(List<? extends Task> roots) {
    try {
      events.runStarted(roots);
      List<TaskNode> rootNodes;
      long t0 = System.nanoTime();
      try {
        rootNodes = builder.build(roots);
        validateResources();
        validateCommands();
        LOG.debug("graph: {} tasks built in {} ms", graph.size(), (System.nanoTime() - t0) / 1_000_000);
      } catch (PipelineException e) {
        events.runFinished(summary(e.exitCode()));
        throw e;
      }
      table.ensure(graph.size());
      int complete = 0;
      for (TaskNode n : graph.nodes()) {
        complete += n.completeAtStart() ? 1 : 0;
      }
      events.graphResolved(new GraphResolved(Instant.now(), graph.size(), complete,
          graph.size() - complete));
      initialise(graph.nodes());
      drainMet();
      long t1 = System.nanoTime();
      loop.run();
      LOG.debug("run loop: {} ms", (System.nanoTime() - t1) / 1_000_000);
      markUnfinished();
      RunSummary summary = summary(exitCode(rootNodes));
      events.runFinished(summary);
      return summary;
    } finally {
      loop.close();
      events.close();
    }
  }

  /** A request no pool can satisfy fails the run before anything starts, naming both numbers. */
  private void validateResources() {
    for (TaskNode n : graph.nodes()) {
      if (n.completeAtStart()) {
        continue;
      }
      Optional<String> problem;
      try {
        problem = loop.pool().impossible(loop.localRequest(n.task()));
      } catch (UsageException e) {
        throw new UsageException(n + " " + e.getMessage());
      }
      if (problem.isPresent()) {
        throw new UsageException(n + " " + problem.get());
      }
    }
  }

  /** Every placeholder of every cfg command has a value, before anything runs. */
  private void validateCommands() {
    for (TaskNode n : graph.nodes()) {
      if (!n.completeAtStart()) {
        commands.validate(n.task(), options.runDirectory());
      }
    }
  }

  /**
   * Sets states and requirement counters of new nodes, then queues those with none pending. States
   * are set for all nodes first: a node's counter depends on its requirements' states.
   */
  private void initialise(List<TaskNode> nodes) {
    for (TaskNode n : nodes) {
      table.setState(n.index(), n.completeAtStart() ? TaskState.COMPLETE : TaskState.PENDING);
    }
    List<TaskNode> free = new ArrayList<>();
    for (TaskNode n : nodes) {
      if (n.completeAtStart() || table.state(n.index()).isFinal()) {
        continue; // complete, or already marked upstream-failed through an earlier node
      }
      int[] pending = {0};
      TaskNode[] failed = {null};
      graph.forEachRequirement(n, r -> {
        TaskState s = table.state(r.index());
        if (s.isSuccess()) {
          return;
        }
        if (s.isFinal()) {
          failed[0] = r;
        }
        pending[0]++;
      });
      table.setPending(n.index(), pending[0]);
      if (failed[0] != null) {
        upstreamFailed(n, failed[0]);
      } else if (pending[0] == 0) {
        free.add(n);
      }
    }
    met.addAll(free);
  }

  /** Processes every node whose requirements just finished. */
  void drainMet() {
    while (!met.isEmpty()) {
      TaskNode n = met.poll();
      if (table.state(n.index()) == TaskState.PENDING) {
        requirementsMet(n);
      }
    }
  }

  private void requirementsMet(TaskNode n) {
    int i = n.index();
    if (!table.dynamicResolved(i)) {
      table.markDynamicResolved(i);
      if (attachDynamic(n)) {
        return;
      }
    }
    if (n.task().outputs().isEmpty() && !table.requirementRan(i)) {
      finish(n, TaskState.COMPLETE, null);
      succeeded(n, false);
      return;
    }
    table.setState(i, TaskState.READY);
    loop.enqueue(n);
  }

  /** Adds dynamic requirements; true when {@code n} must now wait (or has failed). */
  private boolean attachDynamic(TaskNode n) {
    List<Task> extra;
    List<TaskNode> added;
    try {
      extra = n.task().resolveDynamicRequirements();
      if (extra.isEmpty()) {
        return false;
      }
      added = builder.attach(extra, n, this::settled);
    } catch (DependencyCycleException e) {
      table.ensure(graph.size()); // the attach may have added nodes before it found the cycle
      fail(n, e.getMessage());
      return true;
    } catch (RuntimeException e) {
      table.ensure(graph.size());
      fail(n, "dynamicRequires() failed: " + e);
      return true;
    }
    table.ensure(graph.size());
    initialise(added);
    int pending = 0;
    for (Task t : extra) {
      TaskState s = table.state(graph.find(t.id()).index());
      if (s.isSuccess()) {
        continue;
      }
      if (s.isFinal()) {
        upstreamFailed(n, graph.find(t.id()));
        return true;
      }
      pending++;
    }
    table.setPending(n.index(), pending);
    return pending > 0;
  }

  /**
   * Finished or running: the dynamic cycle check need not walk below it. Nodes that the attach
   * has just added have no row in the table yet, and are neither.
   */
  private boolean settled(TaskNode r) {
    if (r.index() >= table.pendingCapacity()) {
      return false;
    }
    TaskState s = table.state(r.index());
    return s.isFinal() || s == TaskState.RUNNING;
  }

  /** An attempt (or a claim re-check) ended in success. */
  void succeeded(TaskNode n, boolean ran) {
    graph.forEachDependent(n, d -> {
      int di = d.index();
      if (ran) {
        table.markRequirementRan(di);
      }
      if (table.state(di) == TaskState.PENDING && table.requirementFinished(di) == 0) {
        met.add(d);
      }
    });
  }

  /** Final failure: dependents, transitively, will not run. */
  void fail(TaskNode n, String message) {
    finish(n, TaskState.FAILED, message);
    failures.add(new RunSummary.Failure(n.task().id(), events.logPath(n.task().id()), message));
    failDependents(n, n);
    if (options.failFast()) {
      loop.stopLaunching();
    }
  }

  /** Every not yet finished task that depends on {@code n}, transitively, cannot run. */
  private void failDependents(TaskNode n, TaskNode cause) {
    Deque<TaskNode> todo = new ArrayDeque<>();
    graph.forEachDependent(n, todo::add);
    while (!todo.isEmpty()) {
      TaskNode d = todo.poll();
      if (d.index() < table.pendingCapacity() && !table.state(d.index()).isFinal()) {
        finish(d, TaskState.UPSTREAM_FAILED, "requirement " + cause + " failed");
        graph.forEachDependent(d, todo::add);
      }
    }
  }

  /**
   * {@code n} cannot run because {@code cause} failed; nor can what depends on {@code n} (a node
   * added by a dynamic attach may already have dependents of its own that are new too).
   */
  private void upstreamFailed(TaskNode n, TaskNode cause) {
    if (table.state(n.index()).isFinal()) {
      return; // already failed through another requirement
    }
    finish(n, TaskState.UPSTREAM_FAILED, "requirement " + cause + " failed");
    failDependents(n, cause);
  }

  void finish(TaskNode n, TaskState state, String message) {
    table.setState(n.index(), state);
    events.task(n.task().id(), state, table.attempt(n.index()), List.of(), message);
  }

  /** After the loop: whatever never got to run is NOT_RUN (fail-fast or interruption). */
  private void markUnfinished() {
    for (TaskNode n : graph.nodes()) {
      TaskState s = table.state(n.index());
      if (!s.isFinal()) {
        finish(n, TaskState.NOT_RUN, loop.interrupted() ? "run interrupted" : "run stopped early");
      }
    }
  }

  private ExitCode exitCode(List<TaskNode> roots) {
    if (loop.interrupted()) {
      return ExitCode.INTERRUPTED;
    }
    if (!failures.isEmpty()) {
      return ExitCode.TASK_FAILED;
    }
    for (TaskNode r : roots) {
      if (!table.state(r.index()).isSuccess()) {
        return ExitCode.TASK_FAILED;
      }
    }
    return ExitCode.OK;
  }

  private RunSummary summary(ExitCode code) {
    Map<TaskState, Integer> counts = new EnumMap<>(TaskState.class);
    for (int i = 0; i < graph.size() && table.pendingCapacity() > i; i++) {
      counts.merge(table.state(i), 1, Integer::sum);
    }
    return new RunSummary(counts, failures, code, Duration.between(start, Instant.now()));
  }
}
