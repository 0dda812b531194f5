package dev.pipeline.engine.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.error.ExitCode;
import dev.pipeline.api.targets.local.LocalFileTarget;
import dev.pipeline.engine.config.ConfigException;
import dev.pipeline.engine.config.ConfigLoader;
import dev.pipeline.engine.config.ConfiguredParameters;
import dev.pipeline.engine.config.ParameterSource;
import dev.pipeline.engine.event.RunSummary;
import dev.pipeline.engine.model.TaskFamily;
import dev.pipeline.engine.scheduler.RunOptions;
import dev.pipeline.engine.scheduler.Scheduler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real HTTP server ({@code python3 -m http.server}) as a step-scoped service: dependents reach
 * it through its variables, and after the run (success, failure, Ctrl-C, a killed dependent, a
 * service that never became healthy) no process of it remains.
 */
class ServicesTest {
  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final String FETCH = "/usr/bin/python3 -c 'import os, sys, urllib.request;"
      + " open(sys.argv[1], \"w\").write(urllib.request.urlopen(os.environ["
      + "\"PIPELINE_SERVICE_WEB_URL\"] + \"/hello.txt\").read().decode())' {output}";

  @TempDir Path tmp;
  Path served;

  /** A task that needs the service; its work is its cfg command. */
  @Family("Client")
  static final class Client extends Task {
    @Param Path out;

    @Override
    public Object output() {
      return LocalFileTarget.of(out);
    }

    @Override
    public void run(TaskContext context) {
      throw new AssertionError("its command runs instead");
    }
  }

  @BeforeEach
  void site() throws IOException {
    assumeTrue(Files.isExecutable(PYTHON), "skipped: no /usr/bin/python3");
    served = Files.createDirectories(tmp.resolve("site"));
    Files.writeString(served.resolve("hello.txt"), "hello from the service");
  }

  private String cfg(String command, String health) {
    return "[Client]\nservices = web\ncommand = " + command + "\n"
        + "[service.web]\ncommand = /usr/bin/python3 -m http.server {port} --bind {host}"
        + " --directory " + served + "\nhealth = " + health + "\nstart_timeout = 20s\n";
  }

  private List<Task> clients(String cfg, int n) throws IOException {
    Path file = tmp.resolve("run.cfg");
    Files.writeString(file, cfg);
    ParameterSource source = new ConfiguredParameters(ConfigLoader.load(file, Map.of()), Map.of());
    TaskFamily family = TaskFamily.of(Client.class);
    List<Task> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(family.configure(family.newInstance(Client.class), null,
          Map.of("out", tmp.resolve("out/" + i + ".txt")), source));
    }
    return out;
  }

  private RunOptions options() throws IOException {
    return RunOptions.defaults(Files.createDirectories(tmp.resolve("run"))).withJournal(false)
        .withCaptureOutput(false).withWorkers(2);
  }

  /** Processes whose command line names the served directory: the service's. */
  private List<ProcessHandle> serviceProcesses() {
    return ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
        .map(c -> c.contains(served.toString()) && c.contains("http.server")).orElse(false))
        .toList();
  }

  private void assertNoServiceProcess() {
    assertEquals(List.of(), serviceProcesses().stream().map(p -> p.info().commandLine()
        .orElse("?")).toList(), "a service process outlived the run");
  }

  @Test
  void dependentsReachTheService_startedOnce_stoppedAfterTheLast() throws Exception {
    RunSummary summary = new Scheduler(options()).run(clients(cfg(FETCH, "http:/hello.txt"), 3));

    assertEquals(ExitCode.OK, summary.exitCode(), summary.failures().toString());
    for (int i = 0; i < 3; i++) {
      assertEquals("hello from the service", Files.readString(tmp.resolve("out/" + i + ".txt")));
    }
    String log = Files.readString(tmp.resolve("run/.pipeline/logs/services/web.log"));
    assertEquals(1, log.split("=== service web", -1).length - 1, log);
    assertTrue(log.contains("GET /hello.txt"), log); // the server's own output is in its log
    assertNoServiceProcess();
  }

  @Test
  void failedDependent_stopsTheService() throws Exception {
    RunSummary summary = new Scheduler(options()).run(clients(cfg("sh -c 'exit 3'", "tcp"), 1));

    assertEquals(ExitCode.TASK_FAILED, summary.exitCode());
    assertNoServiceProcess();
  }

  @Test
  void interrupt_stopsTheService() throws Exception {
    Scheduler scheduler = new Scheduler(options());
    List<Task> tasks = clients(cfg("sh -c 'sleep 60; echo > \"$$1\"' _ {output}", "tcp"), 1);
    CompletableFuture<RunSummary> run = CompletableFuture.supplyAsync(() -> scheduler.run(tasks));
    awaitServiceAndDependent("sleep 60");
    scheduler.interrupt();

    assertEquals(ExitCode.INTERRUPTED, run.get().exitCode());
    assertNoServiceProcess();
  }

  @Test
  void killedDependent_stopsTheService() throws Exception {
    Scheduler scheduler = new Scheduler(options());
    List<Task> tasks = clients(cfg("sh -c 'sleep 61; echo > \"$$1\"' _ {output}", "tcp"), 1);
    CompletableFuture<RunSummary> run = CompletableFuture.supplyAsync(() -> scheduler.run(tasks));
    ProcessHandle dependent = awaitServiceAndDependent("sleep 61");
    new ProcessBuilder("kill", "-9", Long.toString(dependent.pid())).start().waitFor();

    assertEquals(ExitCode.TASK_FAILED, run.get().exitCode());
    assertNoServiceProcess();
  }

  @Test
  void neverHealthy_failsTheDependentAndLeavesNothing() throws Exception {
    String cfg = cfg(FETCH, "http:/missing").replace("start_timeout = 20s", "start_timeout = 2s");
    RunSummary summary = new Scheduler(options()).run(clients(cfg, 1));

    assertEquals(ExitCode.TASK_FAILED, summary.exitCode());
    String message = summary.failures().get(0).message();
    assertTrue(message.startsWith("service web did not become healthy (http:/missing) within 2s;"
        + " see " + tmp.resolve("run/.pipeline/logs/services/web.log")), message);
    assertNoServiceProcess();
  }

  @Test
  void unknownService_isAConfigErrorBeforeAnythingRuns() throws Exception {
    String cfg = "[Client]\nservices = wbe\ncommand = true {output}\n";
    ConfigException e = assertThrows(ConfigException.class,
        () -> new Scheduler(options()).run(clients(cfg, 1)));

    assertEquals(tmp.resolve("run.cfg") + ":2: [Client] services: no section [service.wbe]"
        + " declares the service 'wbe'; add one with its command, e.g. [service.wbe] command ="
        + " python3 -m http.server {port}", e.getMessage());
  }

  @Test
  void badHealthCheck_isAConfigError() throws Exception {
    ConfigException e = assertThrows(ConfigException.class,
        () -> new Scheduler(options()).run(clients(cfg(FETCH, "ping"), 1)));

    assertEquals(tmp.resolve("run.cfg") + ":6: [service.web] health: expected tcp, http:/PATH or"
        + " command:PROGRAM ARGS, got 'ping'; e.g. health = http:/v2/health/ready",
        e.getMessage());
  }

  private ProcessHandle awaitServiceAndDependent(String dependent) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      var found = ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
          .map(c -> c.contains(dependent) && c.contains(tmp.toString())).orElse(false))
          .findFirst();
      if (found.isPresent() && !serviceProcesses().isEmpty()) {
        return found.get();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the service and its dependent did not both start");
  }
}
