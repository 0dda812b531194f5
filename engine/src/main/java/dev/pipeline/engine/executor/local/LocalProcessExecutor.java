package dev.pipeline.engine.executor.local;

import dev.pipeline.engine.executor.ExitCodeFile;
import dev.pipeline.engine.executor.Executor;
import dev.pipeline.engine.executor.JobHandle;
import dev.pipeline.engine.executor.JobMonitor;
import dev.pipeline.engine.executor.JobSpec;
import dev.pipeline.engine.executor.JobStatus;
import dev.pipeline.engine.executor.ResourceUsage;
import dev.pipeline.engine.executor.UsageFile;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs as child processes of this JVM, each the command itself with no wrapper around it:
 * the engine reaps it and writes its exit-code file. Where {@code setsid} exists (Linux) each job
 * leads its own session and process group, which every process it starts stays in unless it
 * leaves on purpose, even once its parent has exited and it was re-parented. Kill terminates the
 * whole tree: TERM to the job, every descendant and every member of its process group, then KILL
 * to survivors (and to late forks) after a grace period.
 *
 * <p>No job outlives this JVM, even one killed by SIGKILL: the executor's {@link ProcessGuard}
 * reads a pipe that only this JVM holds and KILLs every job when it reaches end of file. What a
 * command leaves running in the background after it exited is stopped as well (TERM at once, KILL
 * after the grace period, both by the guard). A job costs one process: no shell, no watcher.
 *
 * <p>What a job used (CPU time, peak resident set) is measured by the {@link UsageMeter}, from
 * /proc, and written next to its exit-code file in the job wrapper's format ({@link UsageFile}).
 *
 * <p>Jobs do not receive the terminal's Ctrl-C themselves: the engine stops them (see {@code
 * InterruptSignals}), so that an interruption always goes through the same TERM-then-KILL path.
 */
public final class LocalProcessExecutor implements Executor {
  private static final Duration KILL_GRACE = Duration.ofSeconds(5);
  /** Shorter than {@link #KILL_GRACE}: the JVM is going away and should not hang on it. */
  private static final Duration EXIT_GRACE = Duration.ofSeconds(2);
  private static final Logger LOG = LoggerFactory.getLogger(LocalProcessExecutor.class);
  /** Every process of a job inherits its job directory in this variable (see {@link #stopStale}). */
  static final String JOB_DIR = "PIPELINE_JOB_DIR";
  /** ... and the identity of the engine process that started it (pid and random bits). */
  static final String ENGINE = "PIPELINE_ENGINE";
  /** ... and of the executor, by which its {@link ProcessGuard} finds the job's processes. */
  static final String GUARD = "PIPELINE_GUARD";
  private static final String ENGINE_ID = ProcessHandle.current().pid() + "-"
      + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
  private static final String SETSID = ProcessLaunch.SETSID;
  private static final File NULL_FILE = new File("/dev/null");
  /** Jobs whose process is alive, in every executor of this process (for {@link #killAllNow}). */
  private static final Set<LocalJob> LIVE = ConcurrentHashMap.newKeySet();
  /** Process-wide like the JVM's reaped-children CPU totals it reads. */
  private static final UsageMeter USAGE = new UsageMeter();

  static {
    // In their own process groups, jobs no longer die with the terminal's Ctrl-C: whatever way
    // this JVM exits (other than being killed itself), it takes its jobs with it.
    Runtime.getRuntime().addShutdownHook(new Thread(LocalProcessExecutor::stopAllOnExit,
        "pipeline-stop-jobs"));
  }

  private static final AtomicInteger EXECUTORS = new AtomicInteger();

  private final String guardMarker = GUARD + "=" + ENGINE_ID + "-" + EXECUTORS.incrementAndGet();
  /** Started with the first job (a run that starts no process pays nothing for it). */
  private ProcessGuard guard;
  private volatile boolean closed;
  /** Job directories already searched for processes of earlier runs (see {@link #stopStale}). */
  private final Set<Path> checkedJobDirectories = ConcurrentHashMap.newKeySet();
  private volatile Runnable onExit = () -> {};

  /**
   * An executor for jobs of this JVM. {@code stateDirectory} is kept for the executors' common
   * shape; local jobs need no files of their own besides each job's exit-code file and log.
   */
  public LocalProcessExecutor(Path stateDirectory) throws IOException {
    // Nothing to install: the local executor runs the command itself, without a wrapper script.
  }

  /**
   * A monitor over a new local executor that polls as soon as a job process exits, instead of
   * waiting for the next interval.
   */
  public static JobMonitor monitor(Path stateDirectory)
      throws IOException {
    LocalProcessExecutor local = new LocalProcessExecutor(stateDirectory);
    JobMonitor monitor =
        new JobMonitor(local);
    local.onExit(monitor::wakeUp);
    return monitor;
  }

  /** Called whenever a job process exits, so a monitor can poll at once instead of waiting. */
  public void onExit(Runnable callback) {
    this.onExit = callback;
  }

  @Override
  public String name() {
    return "local";
  }

  @Override
  public Duration pollInterval() {
    return Duration.ofMillis(250);
  }

  @Override
  public JobHandle submit(JobSpec spec) throws IOException {
    Path jobDir = spec.exitCodeFile().getParent();
    // Only a directory that an earlier run used can have processes of that run: look once.
    boolean earlier = checkedJobDirectories.add(jobDir) && Files.isDirectory(jobDir);
    Files.createDirectories(jobDir);
    Files.deleteIfExists(spec.exitCodeFile());
    Files.deleteIfExists(UsageFile.of(spec.exitCodeFile()));
    if (earlier) {
      stopStale(spec, JOB_DIR + "=" + jobDir);
    }
    ProcessGuard guard = guard();
    List<String> command = new ArrayList<>(spec.argv().size() + 1);
    if (guard != null) {
      command.add(SETSID); // execs in place (a child of the JVM is not a group leader): same pid
    }
    command.addAll(spec.argv());
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(spec.env());
    pb.environment().put(JOB_DIR, jobDir.toString());
    pb.environment().put(ENGINE, ENGINE_ID);
    if (guard != null) {
      pb.environment().put(GUARD, guard.marker().substring(GUARD.length() + 1));
    }
    if (spec.workDir() != null) {
      Files.createDirectories(spec.workDir());
      pb.directory(spec.workDir().toFile());
    }
    Files.createDirectories(spec.logFile().getParent());
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(spec.logFile().toFile()));
    if (spec.errorFile() == null || spec.errorFile().equals(spec.logFile())) {
      pb.redirectErrorStream(true);
    } else {
      Files.createDirectories(spec.errorFile().toAbsolutePath().getParent());
      pb.redirectError(ProcessBuilder.Redirect.appendTo(spec.errorFile().toFile()));
    }
    pb.redirectInput(ProcessBuilder.Redirect.from(NULL_FILE));
    UsageMeter.Job usage = USAGE.starting();
    Process process;
    try {
      process = pb.start();
    } catch (IOException | RuntimeException e) {
      USAGE.ended(usage);
      throw e;
    }
    usage.started(process.pid());
    LocalJob job = new LocalJob(spec, process, guard != null, new CompletableFuture<>());
    LIVE.add(job);
    if (guard != null) {
      guard.started(process.pid()); // before the exit below can announce the end of the group
    }
    process.onExit().thenRun(() -> exited(job, usage, guard));
    return job;
  }

  /**
   * Records how the job ended in its exit-code file (the code its process exited with; 128 + N
   * for a signal N), after what it used, then stops what it left running. A closed executor
   * records nothing: its engine is going away, as if it had died with the job.
   */
  private void exited(LocalJob job, UsageMeter.Job usage, ProcessGuard guard) {
    String problem = null;
    ResourceUsage used = USAGE.ended(usage);
    if (!closed) {
      try {
        UsageFile.write(job.spec().exitCodeFile(), used);
      } catch (IOException | RuntimeException e) {
        // Its exit code fails the same way, and says so; the usage is only lost.
        LOG.debug("{}: what it used could not be recorded: {}", job.spec().name(), e.toString());
      }
      try {
        ExitCodeFile.write(job.spec().exitCodeFile(), job.process().exitValue());
      } catch (IOException | RuntimeException e) {
        problem = "ended with code " + job.process().exitValue() + " but its exit code could not"
            + " be recorded in " + job.spec().exitCodeFile() + ": " + e;
      }
    }
    if (guard != null) {
      guard.finished(job.process().pid());
    }
    job.recorded().complete(problem);
    LIVE.remove(job);
    onExit.run();
  }

  /** The executor's guard, started with its first job; null where jobs cannot get their own group. */
  private synchronized ProcessGuard guard() throws IOException {
    if (SETSID == null) {
      return null;
    }
    if (closed) {
      throw new IOException("the local executor is closed");
    }
    if (guard == null) {
      guard = ProcessGuard.start(SETSID, guardMarker, KILL_GRACE);
    }
    return guard;
  }

  /** Stops every job of this executor (through its guard) and records no more outcomes. */
  @Override
  public synchronized void close() {
    closed = true;
    if (guard != null) {
      guard.close();
    }
  }

  /** The guard's process, once started (for tests: it must end when its pipe closes). */
  synchronized ProcessHandle guardProcess() {
    return guard == null ? null : guard.handle();
  }

  /**
   * A task's job directory is its own while this process holds the task's claim, so a process
   * marked with it (inherited {@link #JOB_DIR}) by another engine process belongs to an earlier
   * run of the same task that escaped the group kill, e.g. by starting its own session. It must
   * not write alongside this attempt: it is killed, and waited for, before the job starts, and
   * the log says so.
   */
  private static void stopStale(JobSpec spec, String jobDir) {
    if (SETSID == null) {
      return;
    }
    List<ProcessHandle> stale = ProcessGroups.withEnvironment(jobDir, ENGINE + "=" + ENGINE_ID);
    if (stale.isEmpty()) {
      return;
    }
    LOG.warn("{}: {} process(es) of an earlier run still run this task (pids {}); killing them"
        + " before it starts again", spec.name(), stale.size(),
        stale.stream().map(p -> Long.toString(p.pid())).toList());
    stale.forEach(ProcessHandle::destroyForcibly);
    long deadline = System.nanoTime() + KILL_GRACE.toNanos();
    for (ProcessHandle p : stale) {
      while (ProcessGroups.running(p.pid()) && System.nanoTime() - deadline < 0) {
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  @Override
  public Map<JobHandle, JobStatus> poll(Collection<JobHandle> jobs) {
    Map<JobHandle, JobStatus> out = new HashMap<>();
    for (JobHandle handle : jobs) {
      LocalJob job = (LocalJob) handle;
      // In this order: a job whose end was recorded before the read has its file by then.
      boolean ended = job.recorded().isDone();
      OptionalInt code = ExitCodeFile.read(job.spec().exitCodeFile());
      if (code.isPresent()) {
        out.put(handle, JobStatus.exited(code.getAsInt()));
      } else if (!ended) {
        out.put(handle, JobStatus.RUNNING); // or exited a moment ago, its code not yet written
      } else {
        String problem = job.recorded().getNow(null);
        out.put(handle, JobStatus.lost(problem != null ? problem
            : "ended with code " + job.process().exitValue() + " but " + job.spec().exitCodeFile()
                + " is gone"));
      }
    }
    return out;
  }

  @Override
  public void kill(Collection<JobHandle> jobs) {
    for (JobHandle handle : jobs) {
      killTree((LocalJob) handle);
    }
  }

  /**
   * KILLs every live job of this process at once, without a grace period: the last thing done
   * before the JVM halts on a second Ctrl-C, when no reaper thread would live to escalate.
   */
  public static void killAllNow() {
    for (LocalJob job : LIVE) {
      members(job).forEach(ProcessHandle::destroyForcibly);
    }
  }

  /** TERM every live job's processes, wait a little, KILL the rest; for the shutdown hook. */
  private static void stopAllOnExit() {
    List<ProcessHandle> all = new ArrayList<>();
    LIVE.forEach(job -> all.addAll(members(job)));
    all.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + EXIT_GRACE.toNanos();
    for (ProcessHandle p : all) {
      while (p.isAlive() && System.nanoTime() < deadline) {
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          break;
        }
      }
    }
    all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  /** TERM the tree now; KILL whatever is left after the grace period, off the caller's thread. */
  static void killTree(LocalJob job) {
    // Snapshot first: once the root dies its children are re-parented and no longer descendants.
    Set<ProcessHandle> tree = members(job);
    long pid = job.process().pid();
    ProcessGroups.terminate(tree, job.ownGroup() ? pid : -1, KILL_GRACE, "pipeline-kill-" + pid);
  }

  /** The job, its descendants and, when it leads one, the rest of its process group. */
  private static Set<ProcessHandle> members(LocalJob job) {
    ProcessHandle root = job.process().toHandle();
    Set<ProcessHandle> tree = new LinkedHashSet<>();
    tree.add(root);
    tree.addAll(root.descendants().toList());
    if (job.ownGroup()) {
      tree.addAll(ProcessGroups.members(root.pid()));
    }
    return tree;
  }

  /**
   * A job's process.
   *
   * @param ownGroup whether it was started as the leader of its own process group (setsid)
   * @param recorded completes once its end was recorded: with null, or why it could not be
   */
  record LocalJob(JobSpec spec, Process process, boolean ownGroup,
      CompletableFuture<String> recorded) implements JobHandle {
    @Override
    public String jobId() {
      return Long.toString(process.pid());
    }
  }
}
