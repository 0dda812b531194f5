package dev.pipeline.engine.graph;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.api.error.PipelineException;
import java.util.List;
import java.util.stream.Collectors;

/** The requested graph has a cycle; the message lists it as {@code A -> B -> C -> A}. */
public final class DependencyCycleException extends PipelineException {
  private final List<String> cycle;

  public DependencyCycleException(List<String> cycle) {
    super(ExitCode.CYCLE, "dependency cycle: " + String.join(" -> ", cycle)
        + " (each task requires the next); break one of these requires()");
    this.cycle = List.copyOf(cycle);
  }

  public List<String> cycle() {
    return cycle;
  }

  static DependencyCycleException of(List<TaskNode> path) {
    return new DependencyCycleException(
        path.stream().map(TaskNode::toString).collect(Collectors.toList()));
  }
}
