package dev.pipeline.engine.executor.local;

import dev.pipeline.engine.executor.ExitCodeFile;
import dev.pipeline.engine.executor.Executor;
import dev.pipeline.engine.executor.JobHandle;
import dev.pipeline.engine.executor.JobMonitor;
import dev.pipeline.engine.executor.JobSpec;
import dev.pipeline.engine.executor.JobStatus;
import dev.pipeline.engine.executor.JobWrapper;
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
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs as child processes of this JVM under the job wrapper. Where {@code setsid} exists
 * (Linux) each job leads its own session and process group, which every process it starts stays in
 * unless it leaves on purpose, even once its parent has exited and it was re-parented. Kill
 * terminates the whole tree: TERM to the wrapper, every descendant and every member of the job's
 * process group, then KILL to survivors (and to late forks) after a grace period.
 *
 * <p>No job outlives this JVM, even one killed by SIGKILL: a job's stdin is a pipe whose write end
 * only this JVM holds, and the wrapper KILLs its process group when that pipe reaches end of file
 * (the kernel closes it whenever this process dies). What a command leaves running in the
 * background after it exited is stopped as well (TERM from the wrapper, KILL from here later).
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
  private static final String ENGINE_ID = ProcessHandle.current().pid() + "-"
      + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
  private static final String SETSID = findSetsid();
  /** Jobs whose wrapper is alive, in every executor of this process (for {@link #killAllNow}). */
  private static final Set<LocalJob> LIVE = ConcurrentHashMap.newKeySet();

  static {
    // In their own process groups, jobs no longer die with the terminal's Ctrl-C: whatever way
    // this JVM exits (other than being killed itself), it takes its jobs with it.
    Runtime.getRuntime().addShutdownHook(new Thread(LocalProcessExecutor::stopAllOnExit,
        "pipeline-stop-jobs"));
  }

  private final Path wrapper;
  /** Job directories already searched for processes of earlier runs (see {@link #stopStale}). */
  private final Set<Path> checkedJobDirectories = ConcurrentHashMap.newKeySet();
  private volatile Runnable onExit = () -> {};

  public LocalProcessExecutor(Path stateDirectory) throws IOException {
    this.wrapper = JobWrapper.install(stateDirectory);
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
    List<String> command = new ArrayList<>();
    if (SETSID != null) {
      command.add(SETSID); // execs in place (a child of the JVM is not a group leader): same pid
    }
    command.add("bash");
    command.add(wrapper.toString());
    command.add(spec.exitCodeFile().toString());
    if (SETSID != null) {
      command.add("--engine-pipe"); // the wrapper kills its group when this JVM dies, however
    }
    command.add("--");
    command.addAll(spec.argv());
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(spec.env());
    pb.environment().put(JOB_DIR, spec.exitCodeFile().getParent().toString());
    pb.environment().put(ENGINE, ENGINE_ID);
    if (spec.workDir() != null) {
      Files.createDirectories(spec.workDir());
      pb.directory(spec.workDir().toFile());
    }
    Files.createDirectories(spec.logFile().getParent());
    File log = spec.logFile().toFile();
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log));
    pb.redirectErrorStream(true);
    if (SETSID == null) {
      pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    } // else stdin stays a pipe whose write end only this JVM holds: the wrapper's engine pipe
    Process process = pb.start();
    LocalJob job = new LocalJob(spec, process, SETSID != null);
    LIVE.add(job);
    process.onExit().thenRun(() -> {
      stopLeftovers(job);
      LIVE.remove(job);
      onExit.run();
    });
    return job;
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
      OptionalInt code = ExitCodeFile.read(job.spec().exitCodeFile());
      if (code.isPresent()) {
        out.put(handle, JobStatus.exited(code.getAsInt()));
      } else if (job.process().isAlive()) {
        out.put(handle, JobStatus.RUNNING);
      } else {
        // The wrapper may have exited between the two checks: look at the file once more.
        OptionalInt again = ExitCodeFile.read(job.spec().exitCodeFile());
        out.put(handle, again.isPresent() ? JobStatus.exited(again.getAsInt())
            : JobStatus.lost("wrapper ended with code " + job.process().exitValue()
                + " without writing " + job.spec().exitCodeFile()));
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

  /**
   * Stops what a finished job left running in its process group (a command's background
   * children): the wrapper already sent TERM, this KILLs the survivors after the grace period.
   */
  private static void stopLeftovers(LocalJob job) {
    if (!job.ownGroup()) {
      return;
    }
    long pgid = job.process().pid();
    List<ProcessHandle> left = ProcessGroups.members(pgid);
    if (!left.isEmpty()) {
      LOG.debug("job {} left {} process(es) running; stopping them", pgid, left.size());
      ProcessGroups.terminate(left, pgid, KILL_GRACE, "pipeline-leftovers-" + pgid);
    }
  }

  /** The wrapper, its descendants and, when it leads one, the rest of its process group. */
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

  private static String findSetsid() {
    if (!ProcessGroups.procAvailable()) {
      return null; // without /proc the group could not be found again to be killed
    }
    String path = System.getenv("PATH");
    List<String> dirs = new ArrayList<>(List.of((path == null ? "" : path).split(File.pathSeparator)));
    dirs.addAll(List.of("/usr/bin", "/bin"));
    for (String dir : dirs) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "setsid"))) {
        return Path.of(dir, "setsid").toString();
      }
    }
    return null;
  }

  /**
   * A running wrapper process.
   *
   * @param ownGroup whether it was started as the leader of its own process group (setsid)
   */
  record LocalJob(JobSpec spec, Process process, boolean ownGroup) implements JobHandle {
    @Override
    public String jobId() {
      return Long.toString(process.pid());
    }
  }
}
