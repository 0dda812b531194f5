package dev.pipeline.engine.scheduler;

import dev.pipeline.engine.command.CommandLookup;
import dev.pipeline.api.error.PipelineException;
import dev.pipeline.api.error.UsageException;
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
import java.util.Set;
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

  SchedulerRun(RunOptions options, List<RunListener> listeners,
      RemoteExecution remote, RerunPolicy rerun) {
    this.options = options;
    this.commands = new CommandLookup();
    ProvenanceLog provenance = ProvenanceLog.in(options.stateDirectory());
    this.builder = new GraphBuilder(graph, freshness(options, rerun, rootIds::contains));
    this.events = new Events(listeners, options, this::journalFailed);
    this.progress = new RunProgress(graph, builder, events);
    this.loop = new RunLoop(options, progress, commands, events, remote,
        new ProvenanceRecorder(provenance.batching()));
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
          graph.size() - complete));
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
