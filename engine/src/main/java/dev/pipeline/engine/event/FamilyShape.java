package dev.pipeline.engine.event;

import java.util.List;

/**
 * One family within a run's graph: how many of its tasks the graph holds, how many of those were
 * complete when the run started, and the families its tasks require (sorted). Readers draw the
 * graph of families from these without loading any task.
 */
public record FamilyShape(int tasks, int complete, List<String> requires) {
  public FamilyShape {
    requires = List.copyOf(requires);
  }
}
