package dev.pipeline.engine.scheduler;

import dev.pipeline.api.Published;
import dev.pipeline.api.Task;
import dev.pipeline.engine.event.ItemPublished;
import dev.pipeline.api.error.ExitCode;
import dev.pipeline.engine.event.GraphGrew;
import dev.pipeline.engine.event.RunSummary;
import dev.pipeline.engine.event.TaskState;
import dev.pipeline.engine.executor.ResourceUsage;
import dev.pipeline.engine.graph.DependencyCycleException;
import dev.pipeline.engine.graph.GraphBuilder;
import dev.pipeline.engine.graph.TaskGraph;
import dev.pipeline.engine.graph.TaskNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one run: the graph, every task's state and requirement counter, the failures. It
 * propagates completions through in-degree counters (O(tasks + edges) per run) and hands back the
 * tasks that become ready; it never calls the run loop that drives it. Not thread-safe: the run
 * loop calls it under its lock.
 */
final class RunProgress {
  private final Events events;
  private final TaskGraph graph;
  private final GraphBuilder builder;
  private final NodeTable table = new NodeTable();
  private final Deque<TaskNode> met = new ArrayDeque<>();
  private final List<TaskNode> ready = new ArrayList<>();
  private final List<RunSummary.Failure> failures = new ArrayList<>();
  private final Instant start = Instant.now();
  /** Whether the graph was announced; until then complete tasks and new nodes are not reported. */
  private boolean resolved;
  private final Followers followers;

  RunProgress(TaskGraph graph, GraphBuilder builder, Events events, java.nio.file.Path runDirectory) {
    this.graph = graph;
    this.builder = builder;
    this.events = events;
    this.followers = new Followers(runDirectory);
  }

  TaskGraph graph() {
    return graph;
  }

  NodeTable table() {
    return table;
  }

  /**
   * Sets states and requirement counters of new nodes, then queues those with none pending. States
   * are set for all nodes first: a node's counter depends on its requirements' states.
   */
  void initialise(List<TaskNode> nodes) {
    for (TaskNode n : nodes) {
      table.setState(n.index(), n.completeAtStart() ? TaskState.COMPLETE : TaskState.PENDING);
    }
    List<TaskNode> free = new ArrayList<>();
    for (TaskNode n : nodes) {
      if (!n.completeAtStart() && n.task().follows() != null) {
        registerFollower(n);
      }
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

  /**
   * Processes every node whose requirements just finished; those found ready stay queued for
   * {@link #drainMet}. Called once before the graph is announced too: a wrapper whose
   * requirements are all complete is then counted (and stays silent) as already complete.
   */
  void settle() {
    while (!met.isEmpty()) {
      TaskNode n = met.poll();
      if (table.state(n.index()) == TaskState.PENDING) {
        requirementsMet(n);
      }
    }
  }

  /** From now on completions and new nodes are reported as they happen. */
  void markResolved() {
    resolved = true;
  }

  /** {@link #settle()}, then hands back the tasks now ready to run. */
  List<TaskNode> drainMet() {
    settle();
    List<TaskNode> out = new ArrayList<>(ready);
    ready.clear();
    return out;
  }

  private void requirementsMet(TaskNode n) {
    int i = n.index();
    Followers.Follower f = followers.of(n);
    if (f != null && !f.closed) {
      // The producer is complete: its manifest is whole now. Read it to the end, then wait for
      // the per-item tasks still to run.
      f.closed = true;
      if (attachItems(f) > 0 || table.state(i).isFinal()) {
        return;
      }
    }
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
    ready.add(n);
  }

  private void registerFollower(TaskNode n) {
    Task producer = n.task().follows();
    TaskNode p = graph.find(producer.id());
    boolean required = p != null && n.task().requirements().stream().anyMatch(r -> r.id().equals(producer.id()));
    if (!required) {
      fail(n, "follows() names " + producer.id() + ", which is not among its requires(); require"
          + " the producer too, so that it runs once every item is published");
      return;
    }
    followers.register(n, p);
  }

  /** Whether some follower still waits for items (the run loop then reads manifests often). */
  boolean followingItems() {
    return followers.anyOpen();
  }

  /** Reads what producers published since the last look and adds the per-item tasks. */
  void pollPublished() {
    for (Followers.Follower f : followers.open()) {
      if (table.state(f.node.index()) != TaskState.PENDING) {
        f.closed = true; // failed upstream, or stopped
        continue;
      }
      attachItems(f);
    }
  }

  /** An in-process producer published {@code item}: journal it now, attach it at the next poll. */
  void published(TaskNode producer, Published item) {
    if (followers.firstAnnouncement(producer, item.name())) {
      events.itemPublished(new ItemPublished(java.time.Instant.now(), producer.task().id(),
          item.name(), item.path()));
    }
  }

  /** Attaches the new items' tasks to {@code f}; returns how many of them must still run. */
  private int attachItems(Followers.Follower f) {
    int pending = 0;
    for (Published item : followers.newItems(f)) {
      published(f.producer, item);
      List<Task> extra;
      List<TaskNode> added;
      try {
        extra = f.node.task().resolveItemRequirements(item);
        if (extra.isEmpty()) {
          continue;
        }
        added = builder.attach(extra, f.node, this::settled);
      } catch (DependencyCycleException e) {
        table.ensure(graph.size());
        fail(f.node, e.getMessage());
        return 0;
      } catch (RuntimeException e) {
        table.ensure(graph.size());
        fail(f.node, "forItem(" + item.name() + ") failed: " + e);
        return 0;
      }
      table.ensure(graph.size());
      initialise(added);
      announceGrowth(added);
      for (Task t : extra) {
        TaskNode r = graph.find(t.id());
        TaskState s = table.state(r.index());
        if (s.isSuccess()) {
          continue;
        }
        if (s.isFinal()) {
          upstreamFailed(f.node, r);
          return 0;
        }
        pending++;
      }
    }
    table.setPending(f.node.index(), table.pending(f.node.index()) + pending);
    return pending;
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
    announceGrowth(added);
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

  /** Totals shown to the user grow with dynamic requirements (not "3/2 done"). */
  private void announceGrowth(List<TaskNode> added) {
    if (!resolved || added.isEmpty()) {
      return;
    }
    int complete = 0;
    for (TaskNode a : added) {
      complete += a.completeAtStart() ? 1 : 0;
    }
    events.graphGrew(new GraphGrew(Instant.now(), added.size(), complete, added.size() - complete));
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
    fail(n, message, ResourceUsage.NONE);
  }

  /** Final failure of an attempt that used {@code usage}. */
  void fail(TaskNode n, String message, ResourceUsage usage) {
    finish(n, TaskState.FAILED, message, usage);
    failures.add(new RunSummary.Failure(n.task().id(), events.logPath(n.task().id()), message));
    failDependents(n, n);
  }

  boolean hasFailures() {
    return !failures.isEmpty();
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
    finish(n, state, message, ResourceUsage.NONE);
  }

  void finish(TaskNode n, TaskState state, String message, ResourceUsage usage) {
    table.setState(n.index(), state);
    if (!resolved && state == TaskState.COMPLETE) {
      return; // counted as already complete when the graph is announced
    }
    events.task(n.task().id(), state, table.attempt(n.index()), List.of(), null, message, usage);
  }

  /** After the loop: whatever never got to run is NOT_RUN (fail-fast or interruption). */
  void markUnfinished(boolean interrupted) {
    for (TaskNode n : graph.nodes()) {
      TaskState s = table.state(n.index());
      if (!s.isFinal()) {
        finish(n, TaskState.NOT_RUN, interrupted ? "run interrupted" : "run stopped early");
      }
    }
  }

  /** @param stopped the run stopped launching tasks for a reason of its own (a journal failure) */
  ExitCode exitCode(List<TaskNode> roots, boolean interrupted, boolean stopped) {
    if (interrupted) {
      return ExitCode.INTERRUPTED;
    }
    if (stopped) {
      return ExitCode.TASK_FAILED; // the tasks it did not start could not run
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

  RunSummary summary(ExitCode code) {
    Map<TaskState, Integer> counts = new EnumMap<>(TaskState.class);
    for (int i = 0; i < graph.size() && table.pendingCapacity() > i; i++) {
      counts.merge(table.state(i), 1, Integer::sum);
    }
    return new RunSummary(counts, failures, code, Duration.between(start, Instant.now()));
  }
}
