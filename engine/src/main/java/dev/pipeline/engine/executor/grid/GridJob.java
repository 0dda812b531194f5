package dev.pipeline.engine.executor.grid;

import dev.pipeline.engine.executor.JobHandle;
import dev.pipeline.engine.executor.JobSpec;
import java.nio.file.Path;

/**
 * A batch job or one element of a job array: {@code 123}, {@code 123_4} (SLURM), {@code 123.4}
 * (HTCondor). {@code submissionDirectory} holds its script, entry files and batch-system logs.
 */
public record GridJob(String jobId, JobSpec spec, Path submissionDirectory, int index)
    implements JobHandle {
  @Override
  public String location() {
    return submissionDirectory.toString();
  }
}
