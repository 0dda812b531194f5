package dev.pipeline.engine.event;

import java.time.Instant;
import java.util.Map;

/**
 * The graph is known: how many tasks it has, how many were already complete, how many will run,
 * and its families ({@code families}: family name to {@link FamilyShape}).
 */
public record GraphResolved(Instant time, int total, int complete, int toRun,
    Map<String, FamilyShape> families) implements RunEvent {

  public GraphResolved {
    families = Map.copyOf(families);
  }

  public GraphResolved(Instant time, int total, int complete, int toRun) {
    this(time, total, complete, toRun, Map.of());
  }
}
