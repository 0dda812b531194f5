package dev.pipeline.engine.remote;

import dev.pipeline.api.Task;
import dev.pipeline.engine.executor.Executor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which tasks run outside this process and how: per task, the executor ({@code local}, a grid
 * backend or {@code kubernetes}) and its job settings; the backends themselves, created on first
 * use; and the commands a job runs. Built from the cfg and the command line by {@code
 * launch.RemoteSetup}; {@link #localOnly()} when nothing runs remotely.
 */
public final class RemoteExecution implements AutoCloseable {
  public static final String LOCAL = "local";
  public static final String KUBERNETES = "kubernetes";
  /** Every executor name a cfg or {@code --executor} may use. */
  public static final List<String> EXECUTORS = List.of(LOCAL, "slurm", "condor", "lsf", "pbs",
      KUBERNETES);

  /** Decides per task. */
  public interface Selector {
    /** {@code local} or a backend name. */
    String executorFor(Task task);

    RemoteTaskSettings settings(Task task);
  }

  /** Creates a backend by name ({@code slurm}, {@code condor}, {@code kubernetes}). */
  @FunctionalInterface
  public interface Backends {
    Executor create(String name) throws IOException;
  }

  private static final RemoteExecution LOCAL_ONLY = new RemoteExecution(new Selector() {
    @Override
    public String executorFor(Task task) {
      return LOCAL;
    }

    @Override
    public RemoteTaskSettings settings(Task task) {
      throw new IllegalStateException("no task runs remotely in this run");
    }
  }, name -> {
    throw new IllegalStateException("no executor " + name + " in this run");
  }, null, null);

  private final Selector selector;
  private final Backends backends;
  private final TaskCommandLine commandLine;
  private final PodCommandLine podCommandLine;
  private final Map<String, Executor> created = new HashMap<>();

  /**
   * @param commandLine what a grid job runs ({@code run-task} through the shared file system)
   * @param podCommandLine what a Kubernetes pod runs; null when no task goes there
   */
  public RemoteExecution(Selector selector, Backends backends, TaskCommandLine commandLine,
      PodCommandLine podCommandLine) {
    this.selector = selector;
    this.backends = backends;
    this.commandLine = commandLine;
    this.podCommandLine = podCommandLine;
  }

  public RemoteExecution(Selector selector, Backends backends, TaskCommandLine commandLine) {
    this(selector, backends, commandLine, null);
  }

  public static RemoteExecution localOnly() {
    return LOCAL_ONLY;
  }

  public boolean isRemote(Task task) {
    return !LOCAL.equals(selector.executorFor(task));
  }

  public RemoteTaskSettings settings(Task task) {
    return selector.settings(task);
  }

  public TaskCommandLine commandLine() {
    return commandLine;
  }

  public PodCommandLine podCommandLine() {
    if (podCommandLine == null) {
      throw new IllegalStateException("no task runs on Kubernetes in this run");
    }
    return podCommandLine;
  }

  /** The backend, created on first use (so a run that sends nothing to SLURM never touches it). */
  public synchronized Executor executor(String name) {
    Executor e = created.get(name);
    if (e == null) {
      try {
        e = backends.create(name);
      } catch (IOException ex) {
        throw new UncheckedIOException("cannot set up the " + name + " executor: " + ex.getMessage(), ex);
      }
      created.put(name, e);
    }
    return e;
  }

  @Override
  public synchronized void close() {
    created.values().forEach(Executor::close);
    created.clear();
  }
}
