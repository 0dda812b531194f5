package dev.pipeline.engine.provenance;

import java.util.Set;

/**
 * Which existing outputs a run makes again: the stale ones ({@link RerunTriggers}), the roots'
 * ({@code --force}) and those of whole families ({@code --force-families}), each with everything
 * downstream of it in the run's graph.
 *
 * @param forceFamilies full family names
 */
public record RerunPolicy(RerunTriggers triggers, boolean forceRoots, Set<String> forceFamilies) {
  /** All triggers on, nothing forced: what a run does unless told otherwise. */
  public static final RerunPolicy DEFAULT = new RerunPolicy(RerunTriggers.ALL, false, Set.of());

  public RerunPolicy {
    forceFamilies = Set.copyOf(forceFamilies);
  }

  public static RerunPolicy of(RerunTriggers triggers) {
    return new RerunPolicy(triggers, false, Set.of());
  }

  /**
   * Whether the graph must look below complete tasks at all: to find stale requirements (whose
   * rerun makes the task rerun) or tasks of a forced family.
   */
  public boolean looksBelowComplete() {
    return triggers.any() || !forceFamilies.isEmpty();
  }
}
