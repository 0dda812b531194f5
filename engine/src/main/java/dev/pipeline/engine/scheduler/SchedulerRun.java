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
import java.time.Instant;
import java.util.List;
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
  private final GraphBuilder builder = new GraphBuilder(graph);
  private final RunProgress progress;
  private final RunLoop loop;
  private final CommandLookup commands;

  SchedulerRun(RunOptions options, List<RunListener> listeners,
      RemoteExecution remote) {
    this.options = options;
    this.commands = new CommandLookup();
    this.events = new Events(listeners, options, this::journalFailed);
    this.progress = new RunProgress(graph, builder, events);
    this.loop = new RunLoop(options, progress, commands, events, remote);
    ThreadUsage.prepareInBackground();
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
