package dev.pipeline.engine.service;

import dev.pipeline.engine.config.ServiceSettings;
import dev.pipeline.engine.executor.JobMonitor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services of one run: a service starts when the first attempt that needs it begins, is
 * shared by every attempt that needs it while it runs, and stops when the last attempt using it
 * ends and no task of the run that needs it is left to start; whatever still runs is stopped
 * when the run ends (success, failure, Ctrl-C).
 */
public final class Services implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Services.class);

  /** The services one attempt holds, and what its commands see of them. */
  public record Lease(List<String> names, Map<String, String> environment) {}

  private final Supplier<JobMonitor> monitors;
  private final Path runDirectory;
  private final Map<String, String> environment;
  private final BooleanSupplier cancelled;
  private final Map<String, RunningService> running = new HashMap<>();
  private final Map<String, Integer> users = new HashMap<>();
  private final Map<String, Integer> remaining = new HashMap<>();
  private final Map<String, Object> startLocks = new HashMap<>();

  public Services(Supplier<JobMonitor> monitors, Path runDirectory,
      Map<String, String> environment, BooleanSupplier cancelled) {
    this.monitors = monitors;
    this.runDirectory = runDirectory;
    this.environment = Map.copyOf(environment);
    this.cancelled = cancelled;
  }

  /** The run will start {@code dependents} tasks that need {@code name}. */
  public synchronized void expect(String name, int dependents) {
    remaining.merge(name, dependents, Integer::sum);
  }

  /**
   * Starts what is not running yet (one start at a time per service) and holds every service.
   *
   * @throws ServiceException when one cannot start or become healthy (the ones already held are
   *     released)
   */
  public Lease acquire(List<ServiceSettings> needed, PrintStream log)
      throws ServiceException, IOException, InterruptedException {
    Map<String, String> env = new HashMap<>();
    List<String> held = new ArrayList<>();
    try {
      for (ServiceSettings s : needed) {
        synchronized (lockOf(s.name())) {
          RunningService r = runningOrNull(s.name());
          if (r == null) {
            log.println("starting service " + s.name());
            r = RunningService.start(s, monitors.get(), runDirectory, environment, cancelled);
            synchronized (this) {
              running.put(s.name(), r);
            }
          }
          synchronized (this) {
            users.merge(s.name(), 1, Integer::sum);
          }
          held.add(s.name());
          env.putAll(r.environment());
        }
      }
    } catch (ServiceException | IOException | InterruptedException | RuntimeException e) {
      release(new Lease(held, env), true);
      throw e;
    }
    return new Lease(held, env);
  }

  /** Ends an attempt's hold; a service nobody uses and no task still needs is stopped. */
  public void release(Lease lease) {
    release(lease, true);
  }

  private void release(Lease lease, boolean attemptEnded) {
    for (String name : lease.names()) {
      RunningService stop = null;
      synchronized (this) {
        users.merge(name, -1, Integer::sum);
        if (attemptEnded) {
          remaining.merge(name, -1, Integer::sum);
        }
        if (users.get(name) <= 0 && remaining.getOrDefault(name, 0) <= 0) {
          stop = running.remove(name);
        }
      }
      if (stop != null) {
        stopQuietly(name, stop);
      }
    }
  }

  private synchronized RunningService runningOrNull(String name) {
    return running.get(name);
  }

  private synchronized Object lockOf(String name) {
    return startLocks.computeIfAbsent(name, n -> new Object());
  }

  /** Stops every service still running (the run ended). */
  @Override
  public void close() {
    List<Map.Entry<String, RunningService>> all;
    synchronized (this) {
      all = new ArrayList<>(running.entrySet());
      running.clear();
    }
    for (var e : all) {
      stopQuietly(e.getKey(), e.getValue());
    }
  }

  private static void stopQuietly(String name, RunningService service) {
    try {
      service.stop();
      LOG.debug("service {} stopped", name);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
