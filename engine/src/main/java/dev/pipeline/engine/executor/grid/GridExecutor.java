package dev.pipeline.engine.executor.grid;

import dev.pipeline.engine.executor.Executor;
import dev.pipeline.engine.executor.JobHandle;
import dev.pipeline.engine.executor.JobSpec;
import dev.pipeline.engine.executor.JobState;
import dev.pipeline.engine.executor.JobStatus;
import dev.pipeline.engine.executor.JobWrapper;
import dev.pipeline.engine.executor.UsageFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A batch system driven by its command-line tools, as a template method over pure functions: a
 * backend says how to render its header, submit, parse the job id, ask for every job's state in
 * one call, parse that, and cancel. This class does the rest the same way for all of them:
 * submission directories, entry files, retries of transient submit errors, bulk polling, the
 * exit-code file as the truth, grace periods for shared file systems, batched cancellation.
 */
public abstract class GridExecutor implements Executor {
  private static final Logger LOG = LoggerFactory.getLogger(GridExecutor.class);
  private static final int KILL_BATCH = 100;
  private static final int SUBMIT_ATTEMPTS = 3;
  private static final Pattern TRANSIENT = Pattern.compile(
      "(?i)socket timed out|temporarily unavailable|try again|connection refused|timed out"
          + "|unable to contact|Failed to connect|too many pending");

  protected final GridOptions options;
  private final Path wrapper;
  private final ExitFileJudge endings;
  private final AtomicLong sequence = new AtomicLong();
  private volatile Map<String, QueueStatus> lastQueue = Map.of();

  protected GridExecutor(GridOptions options) throws IOException {
    this.options = options;
    this.wrapper = JobWrapper.install(options.stateDirectory());
    this.endings = new ExitFileJudge(this::displayName, this::jobName, options.exitGrace());
  }

  // ---- what a backend supplies: pure functions of their arguments ----

  /** How the batch system is called in messages: {@code SLURM}, {@code HTCondor}. */
  protected abstract String displayName();

  /** The script's header: {@code #SBATCH} directives, or a comment. */
  protected abstract String header(Submission s, Path dir);

  /** Further files to write into the submission directory (an HTCondor submit description). */
  protected Map<String, String> extraFiles(Submission s, Path dir, Path script) {
    return Map.of();
  }

  protected abstract List<String> submitCommand(Submission s, Path dir, Path script);

  /** The job (or array, or cluster) id from the submit command's output. */
  protected abstract String parseJobId(String stdout);

  /**
   * The id of element {@code index} (0-based, in entry order) of the job or array {@code jobId}.
   * Only asked for arrays unless {@link #numbersSingleJobs()} says a single job has one too.
   */
  protected abstract String elementId(String jobId, int index);

  /** Whether a single job is element 0 of its submission too (HTCondor's {@code cluster.0}). */
  protected boolean numbersSingleJobs() {
    return false;
  }

  /** One id per entry: the job itself, or its array elements. */
  private List<String> elementIds(String jobId, Submission s) {
    if (!s.isArray() && !numbersSingleJobs()) {
      return List.of(jobId);
    }
    List<String> ids = new ArrayList<>(s.entries().size());
    for (int i = 0; i < s.entries().size(); i++) {
      ids.add(elementId(jobId, i));
    }
    return ids;
  }

  /** One query for every job of ours that the batch system still knows. */
  protected abstract List<String> statusCommand();

  protected abstract Map<String, QueueStatus> parseStatus(String stdout);

  /**
   * Whether the status query answered; a backend may accept a non-zero exit that means "no jobs"
   * (LSF's {@code bjobs} exits 255 with {@code No job found} on some sites).
   */
  protected boolean statusAnswered(CommandResult r) {
    return r.ok();
  }

  protected abstract List<String> cancelCommand(List<String> ids);

  /** A job's entry in the status query's answer; a backend may know where else to look. */
  protected QueueStatus find(Map<String, QueueStatus> queue, String jobId) {
    return queue.get(jobId);
  }

  /**
   * Jobs the status query no longer lists: ask the batch system's history (sacct, scontrol,
   * condor_history, job logs). Default: nothing known, the exit-code file decides.
   */
  protected Map<String, QueueStatus> queryHistory(List<GridJob> jobs) {
    return Map.of();
  }

  // ---- the shared machinery ----

  @Override
  public Duration pollInterval() {
    return options.pollInterval();
  }

  @Override
  public JobHandle submit(JobSpec spec) throws IOException {
    return submit(new Submission(spec.name(), List.of(spec), JobResources.DEFAULT, 0)).get(0);
  }

  /**
   * Writes a submission's directory (job script, entry files, a backend's extra files) without
   * submitting it; {@link PreparedSubmission#command()} is what would submit it. For {@code
   * --manual} modes that let the user submit by hand.
   */
  public PreparedSubmission prepare(Submission s) throws IOException {
    Path dir = newSubmissionDirectory(s.label());
    for (int i = 0; i < s.entries().size(); i++) {
      JobSpec spec = s.entries().get(i);
      Files.createDirectories(spec.exitCodeFile().getParent());
      Files.createDirectories(spec.logFile().getParent());
      Files.deleteIfExists(spec.exitCodeFile());
      Files.deleteIfExists(UsageFile.of(spec.exitCodeFile()));
      JobScripts.writeEntry(dir, i, spec);
    }
    Path script = dir.resolve("job.sh");
    Files.writeString(script, JobScripts.jobScript(name(), header(s, dir), dir, wrapper));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    for (Map.Entry<String, String> f : extraFiles(s, dir, script).entrySet()) {
      Files.writeString(dir.resolve(f.getKey()), f.getValue());
    }
    return new PreparedSubmission(dir, script, submitCommand(s, dir, script));
  }

  /**
   * The most entries one array submission may hold (the batch system's own limit, e.g. SLURM's
   * MaxArraySize); a larger fan-out goes out as several arrays.
   */
  protected int maxArraySize() {
    return Integer.MAX_VALUE;
  }

  /**
   * Submits one job or one array (several, when it is larger than {@link #maxArraySize()});
   * returns a handle per entry, in order.
   */
  public List<GridJob> submit(Submission s) throws IOException {
    int max = s.isArray() ? Math.max(1, maxArraySize()) : Integer.MAX_VALUE;
    if (s.entries().size() <= max) {
      return submitOne(s);
    }
    List<GridJob> jobs = new ArrayList<>(s.entries().size());
    for (int i = 0; i < s.entries().size(); i += max) {
      List<JobSpec> part = s.entries().subList(i, Math.min(s.entries().size(), i + max));
      jobs.addAll(submitOne(new Submission(s.label(), part, s.resources(), s.parallelism())));
    }
    return jobs;
  }

  private List<GridJob> submitOne(Submission s) throws IOException {
    PreparedSubmission prepared = prepare(s);
    Path dir = prepared.directory();
    CommandResult result = runSubmit(prepared.command());
    String id;
    try {
      id = parseJobId(result.stdout());
    } catch (IllegalArgumentException e) {
      throw new IOException(displayName() + ": cannot read the job id (" + e.getMessage() + "):\n"
          + result.describe());
    }
    Files.writeString(dir.resolve("job.id"), id + "\n");
    List<String> ids = elementIds(id, s);
    List<GridJob> jobs = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      jobs.add(new GridJob(ids.get(i), s.entries().get(i), dir, i));
    }
    LOG.debug("{}: submitted {} as {} ({} jobs)", name(), dir, id, jobs.size());
    return jobs;
  }

  /** A job submitted by an earlier engine process; {@code location} is its submission directory. */
  @Override
  public GridJob reattach(String jobId, String location, JobSpec spec) {
    return reattach(jobId, spec, Path.of(location));
  }

  public GridJob reattach(String jobId, JobSpec spec, Path submissionDirectory) {
    return new GridJob(jobId, spec, submissionDirectory, 0);
  }

  @Override
  public Map<JobHandle, JobStatus> poll(Collection<JobHandle> handles) {
    Map<String, QueueStatus> queue = queryQueue();
    lastQueue = queue;
    long now = options.nanoClock().getAsLong();
    Map<JobHandle, JobStatus> out = new HashMap<>();
    List<GridJob> missing = new ArrayList<>();
    List<JobHandle> stuck = new ArrayList<>();
    for (JobHandle h : handles) {
      GridJob job = (GridJob) h;
      QueueStatus q = find(queue, job.jobId());
      if (q == null) {
        missing.add(job);
        continue;
      }
      switch (q.phase()) {
        case QUEUED -> out.put(h, endings.alive(job, JobStatus.QUEUED));
        case RUNNING -> out.put(h, endings.alive(job, JobStatus.RUNNING));
        case ENDED -> out.put(h, endings.ended(job, q, now));
        case STUCK -> {
          stuck.add(h);
          out.put(h, endings.settled(job, new JobStatus(JobState.FAILED, null, jobName(job) + " was "
              + q.describe() + " and would wait forever; it was cancelled", q.termination())));
        }
      }
    }
    if (!missing.isEmpty()) {
      Map<String, QueueStatus> history = safeHistory(missing);
      for (GridJob job : missing) {
        QueueStatus q = history.get(job.jobId());
        if (q == null) {
          out.put(job, endings.vanished(job, now));
        } else if (q.phase() == QueueStatus.Phase.ENDED || q.phase() == QueueStatus.Phase.STUCK) {
          out.put(job, endings.ended(job, q, now)); // out of the queue: nothing left to cancel
        } else {
          out.put(job, endings.alive(job, q.phase() == QueueStatus.Phase.QUEUED ? JobStatus.QUEUED : JobStatus.RUNNING));
        }
      }
    }
    if (!stuck.isEmpty()) {
      kill(stuck);
    }
    return out;
  }

  @Override
  public List<JobHandle> queuedAmong(Collection<? extends JobHandle> handles) {
    Map<String, QueueStatus> queue = lastQueue;
    List<JobHandle> out = new ArrayList<>();
    for (JobHandle h : handles) {
      QueueStatus q = find(queue, h.jobId());
      if (q != null && q.phase() == QueueStatus.Phase.QUEUED) {
        out.add(h);
      }
    }
    return out;
  }

  @Override
  public void kill(Collection<JobHandle> handles) {
    List<String> ids = new ArrayList<>();
    handles.forEach(h -> ids.add(h.jobId()));
    for (int i = 0; i < ids.size(); i += KILL_BATCH) {
      List<String> batch = ids.subList(i, Math.min(ids.size(), i + KILL_BATCH));
      try {
        CommandResult r = options.runner().run(cancelCommand(batch));
        if (!r.ok()) {
          // Typically "already completed": harmless, the next poll sees the final state.
          LOG.debug("{}: cancel reported a problem:\n{}", name(), r.describe());
        }
      } catch (IOException e) {
        LOG.warn("{}: cannot cancel jobs {}: {}", name(), batch, e.getMessage());
      }
    }
  }

  /** {@code SLURM job 123_4}, for messages. */
  protected String jobName(GridJob job) {
    return displayName() + " job " + job.jobId();
  }

  private Map<String, QueueStatus> queryQueue() {
    CommandResult r;
    try {
      r = options.runner().run(statusCommand());
    } catch (IOException e) {
      throw new UncheckedIOException(displayName() + " status query failed: " + e.getMessage(), e);
    }
    if (!statusAnswered(r)) {
      throw new IllegalStateException(displayName() + " status query failed:\n" + r.describe());
    }
    return parseStatus(r.stdout());
  }

  private Map<String, QueueStatus> safeHistory(List<GridJob> jobs) {
    try {
      return queryHistory(jobs);
    } catch (RuntimeException e) {
      LOG.debug("{}: history query failed: {}", name(), e.toString());
      return Map.of();
    }
  }

  private CommandResult runSubmit(List<String> command) throws IOException {
    CommandResult r = null;
    for (int attempt = 1; attempt <= SUBMIT_ATTEMPTS; attempt++) {
      r = options.runner().run(command);
      if (r.ok() || !TRANSIENT.matcher(r.stderr() + r.stdout()).find() || attempt == SUBMIT_ATTEMPTS) {
        break;
      }
      LOG.info("{}: submission failed transiently (attempt {} of {}), retrying:\n{}", name(),
          attempt, SUBMIT_ATTEMPTS, r.describe());
      try {
        Thread.sleep(1000L * attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while retrying a submission", e);
      }
    }
    if (!r.ok()) {
      throw new IOException(displayName() + " rejected the job:\n" + r.describe());
    }
    return r;
  }

  private Path newSubmissionDirectory(String label) throws IOException {
    Path root = options.stateDirectory().resolve("jobs").resolve(name());
    Files.createDirectories(root);
    String stamp = Long.toString(System.currentTimeMillis(), 36);
    while (true) {
      Path dir = root.resolve(label + "-" + stamp + "-" + sequence.incrementAndGet());
      try {
        return Files.createDirectory(dir);
      } catch (FileAlreadyExistsException e) {
        // Another engine process on this run directory took the name: try the next one.
      }
    }
  }
}
