package dev.pipeline.engine.scheduler;

import dev.pipeline.api.Task;
import dev.pipeline.api.TaskId;
import dev.pipeline.engine.command.CommandLookup;
import dev.pipeline.engine.graph.GraphBuilder;
import dev.pipeline.engine.graph.TaskGraph;
import dev.pipeline.engine.graph.TaskNode;
import dev.pipeline.engine.provenance.RerunPolicy;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The graph a run would build, with the same existence and freshness checks, and the cfg commands
 * of what would run checked; it opens no journal, takes no claim and writes nothing (the dry run).
 */
final class RunPlanner {
  private RunPlanner() {}

  static TaskGraph plan(RunOptions options, RerunPolicy rerun, List<? extends Task> roots) {
    Set<TaskId> rootIds = new HashSet<>();
    roots.forEach(r -> rootIds.add(r.id()));
    TaskGraph graph = new TaskGraph();
    new GraphBuilder(graph, SchedulerRun.freshness(options, rerun, rootIds::contains)).build(roots);
    CommandLookup commands = new CommandLookup();
    for (TaskNode n : graph.nodes()) {
      if (!n.completeAtStart()) {
        commands.validate(n.task(), options.runDirectory());
      }
    }
    return graph;
  }
}
