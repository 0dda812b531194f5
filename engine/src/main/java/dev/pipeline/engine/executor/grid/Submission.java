package dev.pipeline.engine.executor.grid;

import dev.pipeline.engine.executor.JobSpec;
import java.util.List;

/**
 * Jobs to submit with one command: one job, or a job array of similar jobs (same resources) with
 * at most {@code parallelism} elements running at once (0: no cap).
 *
 * @param label a readable name for the job and its submission directory (a task family)
 */
public record Submission(String label, List<JobSpec> entries, JobResources resources, int parallelism) {
  public Submission {
    entries = List.copyOf(entries);
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("a submission needs at least one job");
    }
    label = label.replaceAll("[^A-Za-z0-9_.-]", "_");
  }

  public boolean isArray() {
    return entries.size() > 1;
  }
}
