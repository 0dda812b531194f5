package dev.pipeline.engine.service;

import dev.pipeline.api.Command;
import dev.pipeline.engine.command.CommandTemplate;
import dev.pipeline.engine.config.ServiceSettings;
import dev.pipeline.engine.executor.JobMonitor;
import dev.pipeline.engine.executor.JobSpec;
import dev.pipeline.engine.sandbox.Mounts;
import dev.pipeline.engine.sandbox.Sandbox;
import dev.pipeline.engine.sandbox.SandboxCall;
import dev.pipeline.engine.sandbox.Sandboxes;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * One started service: its process runs as a job of the local executor (its own process group,
 * killed with the engine however the engine dies), its output goes to
 * {@code .pipeline/logs/services/NAME.log}.
 */
final class RunningService {
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration STOP_WAIT = Duration.ofSeconds(15);

  private final ServiceSettings settings;
  private final JobMonitor monitor;
  private final JobMonitor.Submitted job;
  private final int port;
  private final Path log;

  private RunningService(ServiceSettings settings, JobMonitor monitor, JobMonitor.Submitted job,
      int port, Path log) {
    this.settings = settings;
    this.monitor = monitor;
    this.job = job;
    this.port = port;
    this.log = log;
  }

  /** Starts the service and waits until it is healthy (or fails, stopping it). */
  static RunningService start(ServiceSettings s, JobMonitor monitor, Path runDirectory,
      Map<String, String> environment, BooleanSupplier cancelled)
      throws ServiceException, IOException, InterruptedException {
    int port = s.port() != 0 ? s.port() : freePort();
    Path log = runDirectory.resolve(".pipeline/logs/services").resolve(s.name() + ".log");
    Files.createDirectories(log.getParent());
    Path exit = runDirectory.resolve(".pipeline/jobs/services")
        .resolve(s.name() + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime()
            + ".exitcode");
    Files.createDirectories(exit.getParent());
    Path workDir = s.workdir() == null ? runDirectory : runDirectory.resolve(s.workdir());
    Command command = new Command(render(s, runDirectory, port), workDir, Map.of(), null);
    if (s.sandbox().present()) {
      Sandbox box = Sandboxes.of(s.sandbox(), runDirectory);
      command = box.wrap(command, new SandboxCall(List.of(),
          Mounts.of(List.of(runDirectory, workDir), List.of()), environment.keySet()));
    }
    Files.writeString(log, "=== service " + s.name() + " on " + s.host() + ":" + port + ": "
        + String.join(" ", command.argv()) + " ===\n", java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    Map<String, String> env = new HashMap<>(environment);
    env.putAll(command.env());
    JobSpec spec = new JobSpec("service " + s.name(), command.argv(), env, workDir, log, exit,
        null);
    RunningService service = new RunningService(s, monitor, monitor.submit(spec), port, log);
    service.awaitHealthy(cancelled);
    return service;
  }

  private static List<String> render(ServiceSettings s, Path runDirectory, int port)
      throws ServiceException {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("host", s.host());
    values.put("port", Integer.toString(port));
    values.put("run_dir", runDirectory.toString());
    try {
      CommandTemplate t = CommandTemplate.parse(s.command().value());
      for (var p : t.placeholders()) {
        if (!values.containsKey(p.name()) || !p.keys().isEmpty()) {
          throw new ServiceException(s.command().where() + ": [service." + s.name()
              + "] command: unknown placeholder " + p + "; known placeholders: {host}, {port},"
              + " {run_dir}");
        }
      }
      return t.render(p -> values.get(p.name()));
    } catch (IllegalArgumentException e) {
      throw new ServiceException(s.command().where() + ": [service." + s.name() + "] command: "
          + e.getMessage());
    }
  }

  private void awaitHealthy(BooleanSupplier cancelled)
      throws ServiceException, InterruptedException {
    HealthCheck check = HealthCheck.parse(settings.health());
    long deadline = System.nanoTime() + settings.startTimeout().toNanos();
    while (!check.healthy(settings.host(), port)) {
      if (job.result().isDone()) {
        throw new ServiceException("service " + settings.name() + " exited with code "
            + exitCode() + " before it became healthy; see " + log);
      }
      if (cancelled.getAsBoolean()) {
        stop();
        throw new InterruptedException("interrupted while service " + settings.name()
            + " started");
      }
      if (System.nanoTime() > deadline) {
        stop();
        throw new ServiceException("service " + settings.name() + " did not become healthy ("
            + settings.health() + ") within " + settings.startTimeout().toSeconds() + "s; see "
            + log);
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  private String exitCode() {
    try {
      return String.valueOf(job.result().get().exitCode());
    } catch (Exception e) {
      return "unknown";
    }
  }

  /** What dependents see: {@code PIPELINE_SERVICE_NAME_HOST}, {@code _PORT}, ... */
  Map<String, String> environment() {
    String stem = settings.variablePrefix();
    String address = settings.host() + ":" + port;
    return Map.of(stem + "_HOST", settings.host(), stem + "_PORT", Integer.toString(port),
        stem + "_ADDRESS", address, stem + "_URL", "http://" + address);
  }

  /** Stops the process group (TERM, then KILL) and waits for it. */
  void stop() throws InterruptedException {
    if (job.result().isDone()) {
      return;
    }
    monitor.kill(job.handle());
    try {
      job.result().get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
      // Killed as far as we can tell; the executor's own KILL follows the TERM.
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
