package dev.pipeline.engine.launch;

import dev.pipeline.api.error.UsageException;
import dev.pipeline.engine.config.Suggestions;
import dev.pipeline.engine.graph.FreshnessCheck;
import dev.pipeline.engine.model.TaskFamily;
import dev.pipeline.engine.model.TaskRegistry;
import dev.pipeline.engine.provenance.FreshnessJudge;
import dev.pipeline.engine.provenance.ProvenanceLog;
import dev.pipeline.engine.provenance.RerunPolicy;
import dev.pipeline.engine.provenance.RerunTriggers;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The rerun policy of a run from {@code --rerun-triggers} (over {@code [core] rerun_triggers}),
 * {@code --force} and {@code --force-families}; a bad value is a usage error before anything runs.
 */
public final class RerunOptions {
  private RerunOptions() {}

  /**
   * @param triggers {@code --rerun-triggers}, or null for {@code [core] rerun_triggers}
   * @param forceFamilies {@code --force-families}, short or full names; null or empty for none
   */
  public static RerunPolicy policy(RunSetup setup, String triggers, boolean force,
      List<String> forceFamilies) {
    RerunTriggers t;
    if (triggers == null) {
      t = setup.settings().core().rerunTriggers();
    } else {
      try {
        t = RerunTriggers.parse(triggers);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--rerun-triggers: " + e.getMessage());
      }
    }
    return new RerunPolicy(t, force, families(setup.registry(), forceFamilies));
  }

  /**
   * How {@code status} and {@code graph} judge existing outputs: as a run with this cfg would
   * ({@code [core] rerun_triggers}), from the run directory's provenance.
   */
  public static FreshnessCheck inspection(RunSetup setup, Path runDirectory) {
    RerunPolicy policy = RerunPolicy.of(setup.settings().core().rerunTriggers());
    Path state = runDirectory.toAbsolutePath().normalize().resolve(".pipeline");
    return new FreshnessJudge(policy, ProvenanceLog.in(state), id -> false, runDirectory);
  }

  private static Set<String> families(TaskRegistry registry, List<String> names) {
    Set<String> out = new LinkedHashSet<>();
    if (names == null) {
      return out;
    }
    for (String name : names) {
      String n = name.strip();
      TaskFamily f = n.isEmpty() ? null : registry.find(n);
      if (f == null) {
        Set<String> known = new LinkedHashSet<>(registry.shortNames().keySet());
        known.addAll(registry.names());
        String hint = Suggestions.closest(n, known).map(s -> "; did you mean " + s + "?")
            .orElse("; see pipeline index for the families");
        throw new UsageException("--force-families: unknown family '" + n + "'" + hint);
      }
      out.add(f.name());
    }
    return out;
  }
}
