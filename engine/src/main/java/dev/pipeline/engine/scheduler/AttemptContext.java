package dev.pipeline.engine.scheduler;

import dev.pipeline.engine.executor.JobMonitor;
import dev.pipeline.engine.executor.JobSpec;
import dev.pipeline.engine.executor.JobState;
import dev.pipeline.engine.executor.JobStatus;
import dev.pipeline.engine.executor.ResourceUsage;
import dev.pipeline.engine.executor.UsageFile;
import dev.pipeline.engine.log.TaskLog;
import dev.pipeline.api.Command;
import dev.pipeline.api.Published;
import dev.pipeline.api.Task;
import dev.pipeline.engine.journal.PublishManifest;
import dev.pipeline.api.CommandFailedException;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.TaskFailedException;
import dev.pipeline.api.TaskId;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** The {@link TaskContext} of one attempt: its GPUs, log, environment and process launcher. */
final class AttemptContext implements TaskContext {
  private static final int LOG_TAIL_LINES = 10;

  private final TaskId id;
  private final int attempt;
  private final List<String> gpus;
  private final Map<String, String> environment;
  private final TaskLog log;
  private final Path runDirectory;
  private final Supplier<JobMonitor> monitors;
  private final BooleanSupplier cancelled;
  /** Hears each item this attempt publishes (the run loop, to start followers at once). */
  private final Consumer<Published> onPublish;
  private final AtomicInteger commands = new AtomicInteger();
  /** What this attempt's commands used, added up as each one ends. */
  private final AtomicReference<ResourceUsage> commandUsage =
      new AtomicReference<>(ResourceUsage.NONE);
  /**
   * This attempt's identity in its job files (engine pid and random bits): a command of an earlier,
   * killed run of the same task never writes the exit-code file this attempt reads.
   */
  private final String nonce = ProcessHandle.current().pid() + "-"
      + Integer.toHexString(ThreadLocalRandom.current().nextInt() | 0x10000000);

  AttemptContext(TaskId id, int attempt, List<String> gpus, Map<String, String> environment,
      TaskLog log, Path runDirectory, Supplier<JobMonitor> monitors, BooleanSupplier cancelled) {
    this(id, attempt, gpus, environment, log, runDirectory, monitors, cancelled, item -> { });
  }

  AttemptContext(TaskId id, int attempt, List<String> gpus, Map<String, String> environment,
      TaskLog log, Path runDirectory, Supplier<JobMonitor> monitors, BooleanSupplier cancelled,
      Consumer<Published> onPublish) {
    this.onPublish = onPublish;
    this.id = id;
    this.attempt = attempt;
    this.gpus = List.copyOf(gpus);
    this.environment = Map.copyOf(environment);
    this.log = log;
    this.runDirectory = runDirectory;
    this.monitors = monitors;
    this.cancelled = cancelled;
  }

  /** The same attempt with more variables for its commands (the addresses of its services). */
  AttemptContext withEnvironment(Map<String, String> more) {
    Map<String, String> env = new HashMap<>(environment);
    env.putAll(more);
    return new AttemptContext(id, attempt, gpus, env, log, runDirectory, monitors, cancelled);
  }

  @Override
  public TaskId taskId() {
    return id;
  }

  @Override
  public int attempt() {
    return attempt;
  }

  @Override
  public List<String> gpus() {
    return gpus;
  }

  @Override
  public Map<String, String> environment() {
    return environment;
  }

  @Override
  public PrintStream log() {
    return log.printer();
  }

  @Override
  public OutputStream logStream() {
    return log.stream();
  }

  @Override
  public Path logFile() {
    return log.file();
  }

  @Override
  public Path runDirectory() {
    return runDirectory;
  }

  @Override
  public boolean cancelled() {
    return cancelled.getAsBoolean();
  }

  @Override
  public void publish(String name, Path path) throws IOException {
    Published item = new Published(name, path);
    Path manifest = PublishManifest.fileOf(runDirectory, id);
    if (PublishManifest.read(manifest).stream().anyMatch(p -> p.name().equals(name))) {
      return; // published by an earlier run of this task
    }
    PublishManifest.append(manifest, item);
    log.printer().println("published " + name + ": " + path);
    onPublish.accept(item);
  }

  @Override
  public List<Published> published(Task producer) throws IOException {
    return PublishManifest.read(PublishManifest.fileOf(runDirectory, producer.id()));
  }

  @Override
  public void exec(List<String> argv)
      throws IOException, InterruptedException, TaskFailedException {
    exec(Command.of(argv));
  }

  @Override
  public void exec(Command command)
      throws IOException, InterruptedException, TaskFailedException {
    Map<String, String> env = new HashMap<>(environment);
    Path manifest = PublishManifest.fileOf(runDirectory, id).toAbsolutePath();
    Files.createDirectories(manifest.getParent()); // the command appends to the file itself
    env.put(PublishManifest.VARIABLE, manifest.toString());
    env.putAll(command.env());
    log.flush();
    log.open();
    int n = commands.incrementAndGet();
    Path exitFile = runDirectory.resolve(".pipeline").resolve("jobs").resolve(id.digest())
        .resolve("attempt" + attempt + "-cmd" + n + "-" + nonce + ".exitcode");
    Path workDir = command.workDir() != null ? command.workDir() : runDirectory;
    JobSpec spec = command.stdout() == null
        ? new JobSpec(id.canonical(), command.argv(), env, workDir, log.file(), exitFile,
            command.timeout())
        : new JobSpec(id.canonical(), command.argv(), env, workDir, command.stdout(), exitFile,
            command.timeout(), command.stderr());
    JobMonitor monitor = monitors.get();
    JobMonitor.Submitted job = monitor.submit(spec);
    JobStatus status = await(monitor, job);
    UsageFile.take(exitFile).ifPresent(used -> commandUsage.accumulateAndGet(used, ResourceUsage::plus));
    Files.deleteIfExists(exitFile); // read; the outcome is in the log and the journal now
    if (status.state() != JobState.SUCCEEDED) {
      boolean exited = status.detail() == null && status.state() == JobState.FAILED;
      throw new CommandFailedException(describe(command, status) + lastLines(),
          exited ? status.exitCode() : null);
    }
  }

  /** What the commands this attempt started used (ended ones, whatever their exit code). */
  ResourceUsage commandUsage() {
    return commandUsage.get();
  }

  private static JobStatus await(JobMonitor monitor, JobMonitor.Submitted job) throws InterruptedException, IOException {
    try {
      return job.result().get();
    } catch (InterruptedException e) {
      monitor.kill(job.handle());
      try {
        job.result().get(10, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException ignored) {
        // Killed as far as we can tell; the interruption is what matters now.
      }
      throw e;
    } catch (ExecutionException e) {
      throw new IOException("job " + job.handle().jobId() + " could not be followed", e.getCause());
    }
  }

  private static String describe(Command command, JobStatus status) {
    String program = command.argv().get(0);
    if (status.detail() != null) {
      return "command '" + program + "' " + status.detail();
    }
    if (status.state() == JobState.LOST) {
      return "command '" + program + "' was lost";
    }
    return "command '" + program + "' exited with code " + status.exitCode();
  }

  private String lastLines() {
    String tail = TaskLog.tail(log.file(), LOG_TAIL_LINES);
    return tail.isEmpty() ? "" : "; last lines of " + log.file() + ":\n" + tail;
  }

}
