package dev.pipeline.engine.remote;

import dev.pipeline.engine.executor.grid.GridExecutor;
import dev.pipeline.api.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Which tasks run on a cluster and how: per task, the executor ({@code local} or a grid backend)
 * and its job settings; the backends themselves, created on first use; and the command a job runs.
 * Built from the cfg and the command line by {@code launch.RemoteSetup}; {@link #localOnly()} when
 * nothing runs remotely.
 */
public final class RemoteExecution implements AutoCloseable {
  public static final String LOCAL = "local";

  /** Decides per task. */
  public interface Selector {
    /** {@code local} or a backend name. */
    String executorFor(Task task);

    RemoteTaskSettings settings(Task task);
  }

  /** Creates a backend by name ({@code slurm}, {@code condor}). */
  @FunctionalInterface
  public interface Backends {
    GridExecutor create(String name) throws IOException;
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
  }, null);

  private final Selector selector;
  private final Backends backends;
  private final TaskCommandLine commandLine;
  private final Map<String, GridExecutor> created = new HashMap<>();

  public RemoteExecution(Selector selector, Backends backends, TaskCommandLine commandLine) {
    this.selector = selector;
    this.backends = backends;
    this.commandLine = commandLine;
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

  /** The backend, created on first use (so a run that sends nothing to SLURM never touches it). */
  public synchronized GridExecutor executor(String name) {
    GridExecutor e = created.get(name);
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
    created.values().forEach(GridExecutor::close);
    created.clear();
  }
}
