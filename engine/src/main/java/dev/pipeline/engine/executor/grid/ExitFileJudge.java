package dev.pipeline.engine.executor.grid;

import dev.pipeline.engine.config.ValueParsers;
import dev.pipeline.engine.executor.ExitCodeFile;
import dev.pipeline.engine.executor.JobState;
import dev.pipeline.engine.executor.JobStatus;
import dev.pipeline.engine.executor.Termination;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Decides how a job ended once the batch system says it is over (or no longer knows it): the
 * exit-code file is the truth, the batch system's state says why a job was killed, and a job
 * whose file does not show up yet gets {@code exit_grace} before it counts as lost (shared file
 * systems cache attributes). Remembers since when each job has been waited for.
 */
final class ExitFileJudge {
  private final Supplier<String> systemName;
  private final Function<GridJob, String> jobName;
  private final Duration exitGrace;
  private final Map<String, Long> unresolvedSince = new ConcurrentHashMap<>();

  ExitFileJudge(Supplier<String> systemName, Function<GridJob, String> jobName, Duration exitGrace) {
    this.systemName = systemName;
    this.jobName = jobName;
    this.exitGrace = exitGrace;
  }

  JobStatus alive(GridJob job, JobStatus status) {
    unresolvedSince.remove(job.jobId());
    return status;
  }

  JobStatus settled(GridJob job, JobStatus status) {
    unresolvedSince.remove(job.jobId());
    return status;
  }

  /** The batch system says the job is over; its exit-code file says how it went. */
  JobStatus ended(GridJob job, QueueStatus q, long now) {
    OptionalInt code = ExitCodeFile.read(job.spec().exitCodeFile());
    if (code.isPresent()) {
      int c = code.getAsInt();
      return settled(job, new JobStatus(c == 0 ? JobState.SUCCEEDED : JobState.FAILED, c,
          c == 0 ? null : jobName.apply(job) + " ended " + q.describe() + " with exit code " + c,
          c == 0 ? Termination.NONE : q.termination()));
    }
    if (q.termination() != Termination.NONE) {
      return settled(job, new JobStatus(JobState.FAILED, null, jobName.apply(job) + " ended "
          + q.describe() + " before its command finished", q.termination()));
    }
    if (waited(job, now) < exitGrace.toNanos()) {
      return JobStatus.RUNNING; // a shared file system may show the file a little later
    }
    return settled(job, JobStatus.lost(jobName.apply(job) + " ended " + q.describe()
        + " but wrote no exit-code file " + job.spec().exitCodeFile() + " within "
        + ValueParsers.formatDuration(exitGrace) + " (exit_grace); see "
        + job.spec().logFile() + " and " + job.submissionDirectory()));
  }

  /** Neither the queue nor the history knows the job: only its exit-code file can tell. */
  JobStatus vanished(GridJob job, long now) {
    OptionalInt code = ExitCodeFile.read(job.spec().exitCodeFile());
    if (code.isPresent()) {
      return settled(job, JobStatus.exited(code.getAsInt()));
    }
    if (waited(job, now) < exitGrace.toNanos()) {
      return JobStatus.RUNNING;
    }
    return settled(job, JobStatus.lost(jobName.apply(job) + " is no longer known to " + systemName.get()
        + " and left no exit-code file " + job.spec().exitCodeFile() + " (waited "
        + ValueParsers.formatDuration(exitGrace) + ", exit_grace); see "
        + job.spec().logFile()));
  }

  private long waited(GridJob job, long now) {
    return now - unresolvedSince.computeIfAbsent(job.jobId(), k -> now);
  }
}
