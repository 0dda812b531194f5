package dev.pipeline.engine.run;

import dev.pipeline.engine.config.PipelineConfig;
import dev.pipeline.engine.executor.grid.JobResources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code [preflight]}: what the checks before a run look at besides what the tasks need.
 *
 * @param freeSpace directory to the megabytes it must have free
 * @param timeout limit of each network check
 * @param enabled whether {@code run} checks (a run without network access may turn it off)
 */
public record PreflightSettings(Map<Path, Long> freeSpace, Duration timeout, boolean enabled) {
  public PreflightSettings {
    freeSpace = Map.copyOf(freeSpace);
  }

  /** @throws dev.pipeline.engine.config.ConfigException for a value that cannot be used */
  public static PreflightSettings read(PipelineConfig config) {
    SectionValues s = new SectionValues(config, "preflight");
    Map<Path, Long> free = new LinkedHashMap<>();
    for (String pair : s.list("free_space")) {
      int eq = pair.lastIndexOf('=');
      if (eq <= 0 || !pair.startsWith("/")) {
        throw s.invalid("free_space", "write absolute PATH=SIZE pairs such as /scratch=50G");
      }
      long mb;
      try {
        mb = JobResources.parseMegabytes(pair.substring(eq + 1));
      } catch (IllegalArgumentException e) {
        throw s.invalid("free_space", e.getMessage());
      }
      free.put(Path.of(pair.substring(0, eq).strip()), mb);
    }
    return new PreflightSettings(free, s.duration("timeout"), s.bool("enabled"));
  }
}
