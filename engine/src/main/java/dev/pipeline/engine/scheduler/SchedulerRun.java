package dev.pipeline.engine.scheduler;

import dev.pipeline.engine.command.CommandLookup;
import dev.pipeline.api.error.PipelineException;
import dev.pipeline.api.error.UsageException;
import dev.pipeline.engine.event.FamilyShape;
import dev.pipeline.engine.event.GraphGrew;
import dev.pipeline.engine.event.GraphResolved;
import dev.pipeline.engine.event.RunListener;
import dev.pipeline.engine.event.RunSummary;
import dev.pipeline.engine.event.TaskState;
import dev.pipeline.engine.graph.GraphBuilder;
import dev.pipeline.engine.graph.TaskGraph;
import dev.pipeline.engine.graph.TaskNode;
import dev.pipeline.api.Task;
import dev.pipeline.engine.remote.RemoteExecution;
import dev.pipeline.api.TaskId;
import dev.pipeline.engine.provenance.FreshnessJudge;
import dev.pipeline.engine.provenance.ProvenanceLog;
import dev.pipeline.engine.provenance.ProvenanceRecorder;
import dev.pipeline.engine.provenance.RerunPolicy;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run from start to summary: builds the graph, checks it before anything runs, then hands it
 * to the {@link RunLoop}, which drives the run (its worker threads run attempts and record their
 * outcomes in the {@link RunProgress}, which owns every task's state). Calls go one way: this class
 * uses both, the loop uses the progress, the progress uses neither.
 */
final class SchedulerRun {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerRun.class);
  private final RunOptions options;
  private final Events events;
  private final TaskGraph graph = new TaskGraph();
  private final Set<TaskId> rootIds = new HashSet<>();
  private final GraphBuilder builder;
  private final RunProgress progress;
  private final RunLoop loop;
  private final CommandLookup commands;
  private final RunCheck check;

  SchedulerRun(RunOptions options, List<RunListener> listeners,
      RemoteExecution remote, RerunPolicy rerun, RunCheck check) {
    this.options = options;
    this.check = check;
    this.commands = new CommandLookup();
    ProvenanceLog provenance = ProvenanceLog.in(options.stateDirectory());
    this.builder = new GraphBuilder(graph, freshness(options, rerun, rootIds::contains));
    this.events = new Events(listeners, options, this::journalFailed);
    this.progress = new RunProgress(graph, builder, events, options.runDirectory());
    this.loop = new RunLoop(options, progress, commands, events, remote,
        new ProvenanceRecorder(provenance.batching()));
    ThreadUsage.prepareInBackground();
  }

  /** The run's one freshness decision, from the run directory's provenance. */
  static FreshnessJudge freshness(RunOptions options, RerunPolicy rerun,
      java.util.function.Predicate<TaskId> isRoot) {
    return new FreshnessJudge(rerun, ProvenanceLog.in(options.stateDirectory()), isRoot,
        options.runDirectory());
  }

  TaskGraph graph() {
    return graph;
  }

  void interrupt() {
    loop.requestInterrupt();
  }

  /** A journal that cannot be written stops the run: no task may run unrecorded. */
  private void journalFailed(String reason) {
    loop.requestStop(reason);
  }

  RunSummary execute(List<? extends Task> roots) {
    try {
      events.runStarted(roots);
      List<TaskNode> rootNodes;
      long t0 = System.nanoTime();
      roots.forEach(r -> rootIds.add(r.id()));
      try {
        rootNodes = builder.build(roots);
        validateResources();
        validateCommands();
        List<Task> toRun = toRun();
        check.check(toRun);
        expectServices(toRun);
        LOG.debug("graph: {} tasks built in {} ms", graph.size(), (System.nanoTime() - t0) / 1_000_000);
      } catch (PipelineException e) {
        events.runFinished(progress.summary(e.exitCode()));
        throw e;
      }
      progress.table().ensure(graph.size());
      progress.initialise(graph.nodes());
      progress.settle();
      progress.markResolved();
      int complete = 0;
      for (int i = 0; i < graph.size(); i++) {
        complete += progress.table().state(i) == TaskState.COMPLETE ? 1 : 0;
      }
      events.graphResolved(new GraphResolved(Instant.now(), graph.size(), complete,
          graph.size() - complete, families()));
      long t1 = System.nanoTime();
      loop.run();
      LOG.debug("run loop: {} ms", (System.nanoTime() - t1) / 1_000_000);
      progress.markUnfinished(loop.interrupted());
      RunSummary summary = progress.summary(progress.exitCode(rootNodes, loop.interrupted(),
          loop.stopRequested() != null));
      if (loop.stopRequested() != null) {
        summary = summary.stopped(loop.stopRequested());
      }
      events.runFinished(summary);
      events.close(); // its last write may fail too, which the exit code must show
      return summary.stopped() != null ? summary
          : events.journalFailure().map(summary::stopped).orElse(summary);
    } finally {
      loop.close();
      events.close();
    }
  }

  /** The graph of families (sizes, complete at start, required families), for readers. */
  private Map<String, FamilyShape> families() {
    Map<String, Set<String>> requires = new TreeMap<>();
    Map<String, int[]> sizes = new HashMap<>();
    for (TaskNode n : graph.nodes()) {
      String family = n.task().id().family();
      Set<String> required = requires.computeIfAbsent(family, f -> new TreeSet<>());
      graph.forEachRequirement(n, r -> required.add(r.task().id().family()));
      int[] size = sizes.computeIfAbsent(family, f -> new int[2]);
      size[0]++;
      size[1] += progress.table().state(n.index()) == TaskState.COMPLETE ? 1 : 0;
    }
    Map<String, FamilyShape> out = new TreeMap<>();
    requires.forEach((family, required) -> out.put(family, new FamilyShape(
        sizes.get(family)[0], sizes.get(family)[1], List.copyOf(required))));
    return out;
  }

  /** {@link Scheduler#checkOnly}: the graph, its validation and the check; nothing runs. */
  int checkOnly(List<? extends Task> roots) {
    try {
      builder.build(roots);
      validateResources();
      validateCommands();
      List<Task> toRun = toRun();
      check.check(toRun);
      expectServices(toRun); // reads every [service.NAME] a task needs: errors surface here
      return toRun.size();
    } finally {
      loop.close();
      events.close();
    }
  }

  /** How many tasks of this run need each service: it stops after the last of them. */
  private void expectServices(List<Task> toRun) {
    java.util.Map<String, Integer> counts = new java.util.HashMap<>();
    for (Task t : toRun) {
      for (var s : dev.pipeline.engine.config.ParameterSource.of(t)
          .services(dev.pipeline.engine.model.TaskFamily.of(t).name())) {
        counts.merge(s.name(), 1, Integer::sum);
      }
    }
    counts.forEach(loop.services()::expect);
  }

  private List<Task> toRun() {
    List<Task> out = new java.util.ArrayList<>();
    for (TaskNode n : graph.nodes()) {
      if (!n.completeAtStart()) {
        out.add(n.task());
      }
    }
    return out;
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
      } else {
        commands.requireCommandIfNeeded(n.task());
      }
    }
  }

}
