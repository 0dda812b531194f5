package dev.pipeline.engine.executor.local;

import dev.pipeline.engine.executor.ExitCodeFile;
import dev.pipeline.engine.executor.Executor;
import dev.pipeline.engine.executor.JobHandle;
import dev.pipeline.engine.executor.JobSpec;
import dev.pipeline.engine.executor.JobStatus;
import dev.pipeline.engine.executor.JobWrapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Runs jobs as child processes of this JVM under the job wrapper. Kill terminates the whole
 * process tree: TERM to the wrapper and every descendant, KILL to survivors after a grace period.
 */
public final class LocalProcessExecutor implements Executor {
  private static final Duration KILL_GRACE = Duration.ofSeconds(5);

  private final Path wrapper;
  private volatile Runnable onExit = () -> {};

  public LocalProcessExecutor(Path stateDirectory) throws IOException {
    this.wrapper = JobWrapper.install(stateDirectory);
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
    process.onExit().thenRun(() -> onExit.run());
    return new LocalJob(spec, process);
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
      killTree(((LocalJob) handle).process().toHandle());
    }
  }

  /** TERM the tree now; KILL whatever is left after the grace period, off the caller's thread. */
  static void killTree(ProcessHandle root) {
    // Snapshot first: once the root dies its children are re-parented and no longer descendants.
    List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
    tree.add(0, root);
    tree.forEach(ProcessHandle::destroy);
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
        if (p.isAlive()) {
          p.destroyForcibly();
        }
      }
    }, "pipeline-kill-" + root.pid());
    reaper.setDaemon(true);
    reaper.start();
  }

  /** A running wrapper process. */
  record LocalJob(JobSpec spec, Process process) implements JobHandle {
    @Override
    public String jobId() {
      return Long.toString(process.pid());
    }
  }
}
