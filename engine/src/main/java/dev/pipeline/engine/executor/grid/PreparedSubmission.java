package dev.pipeline.engine.executor.grid;

import java.nio.file.Path;
import java.util.List;

/**
 * A submission written to disk but not submitted.
 *
 * @param directory the submission directory ({@code .pipeline/jobs/BACKEND/LABEL-...})
 * @param script the job script in it
 * @param command what submits it ({@code sbatch --parsable .../job.sh}), program first
 */
public record PreparedSubmission(Path directory, Path script, List<String> command) {
  public PreparedSubmission {
    command = List.copyOf(command);
  }
}
