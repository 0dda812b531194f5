package dev.pipeline.engine.executor.local;

import dev.pipeline.engine.executor.ExitCodeFile;
import dev.pipeline.engine.executor.Executor;
import dev.pipeline.engine.executor.JobHandle;
import dev.pipeline.engine.executor.JobMonitor;
import dev.pipeline.engine.executor.JobSpec;
import dev.pipeline.engine.executor.JobStatus;
import dev.pipeline.engine.executor.JobWrapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
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
import java.util.concurrent.TimeUnit;

/**
 * Runs jobs as child processes of this JVM under the job wrapper. Where {@code setsid} exists
 * (Linux) each job leads its own session and process group, which every process it starts stays in
 * unless it leaves on purpose, even once its parent has exited and it was re-parented. Kill
 * terminates the whole tree: TERM to the wrapper, every descendant and every member of the job's
 * process group, then KILL to survivors (and to late forks) after a grace period.
 *
 * <p>Jobs do not receive the terminal's Ctrl-C themselves: the engine stops them (see {@code
 * InterruptSignals}), so that an interruption always goes through the same TERM-then-KILL path.
 */
public final class LocalProcessExecutor implements Executor {
  private static final Duration KILL_GRACE = Duration.ofSeconds(5);
  /** Shorter than {@link #KILL_GRACE}: the JVM is going away and should not hang on it. */
  private static final Duration EXIT_GRACE = Duration.ofSeconds(2);
  private static final Path PROC = Path.of("/proc");
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
    Files.createDirectories(spec.exitCodeFile().getParent());
    Files.deleteIfExists(spec.exitCodeFile());
    List<String> command = new ArrayList<>();
    if (SETSID != null) {
      command.add(SETSID); // execs in place (a child of the JVM is not a group leader): same pid
    }
    command.add("bash");
    command.add(wrapper.toString());
    command.add(spec.exitCodeFile().toString());
    command.add("--");
    command.addAll(spec.argv());
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(spec.env());
    if (spec.workDir() != null) {
      Files.createDirectories(spec.workDir());
      pb.directory(spec.workDir().toFile());
    }
    Files.createDirectories(spec.logFile().getParent());
    File log = spec.logFile().toFile();
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log));
    pb.redirectErrorStream(true);
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process process = pb.start();
    LocalJob job = new LocalJob(spec, process, SETSID != null);
    LIVE.add(job);
    process.onExit().thenRun(() -> {
      LIVE.remove(job);
      onExit.run();
    });
    return job;
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
    tree.forEach(ProcessHandle::destroy);
    long root = job.process().pid();
    Thread reaper = new Thread(() -> {
      long deadline = System.nanoTime() + KILL_GRACE.toNanos();
      for (ProcessHandle p : tree) {
        long left = deadline - System.nanoTime();
        try {
          if (left > 0) {
            p.onExit().get(left, TimeUnit.NANOSECONDS);
          }
        } catch (Exception ignored) {
          // Still alive after the grace period (or cannot wait): escalate below.
        }
      }
      tree.addAll(members(job)); // forked during the grace period
      tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }, "pipeline-kill-" + root);
    reaper.setDaemon(true);
    reaper.start();
  }

  /** The wrapper, its descendants and, when it leads one, the rest of its process group. */
  private static Set<ProcessHandle> members(LocalJob job) {
    ProcessHandle root = job.process().toHandle();
    Set<ProcessHandle> tree = new LinkedHashSet<>();
    tree.add(root);
    tree.addAll(root.descendants().toList());
    if (job.ownGroup()) {
      tree.addAll(processGroup(root.pid()));
    }
    return tree;
  }

  /**
   * Members of process group {@code pgid}, from /proc (empty without one). The group outlives its
   * leader while members remain, and the kernel never reuses a live group's id as a pid, so the id
   * of a wrapper started by setsid names exactly that job's processes.
   */
  static List<ProcessHandle> processGroup(long pgid) {
    List<ProcessHandle> out = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
      for (Path entry : entries) {
        long pid = Long.parseLong(entry.getFileName().toString());
        if (processGroupOf(pid) == pgid) {
          ProcessHandle.of(pid).ifPresent(out::add);
        }
      }
    } catch (IOException | RuntimeException e) {
      // No /proc here: the descendants are all we can find.
    }
    return out;
  }

  /** Field 5 of /proc/PID/stat; -1 when the process is gone. */
  static long processGroupOf(long pid) {
    try {
      String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
      // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so cut at the last ')'.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 4);
      return Long.parseLong(fields[2]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static String findSetsid() {
    if (!Files.isDirectory(PROC)) {
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
