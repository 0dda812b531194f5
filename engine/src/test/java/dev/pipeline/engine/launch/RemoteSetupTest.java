package dev.pipeline.engine.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.engine.config.ConfigException;
import dev.pipeline.api.error.UsageException;
import dev.pipeline.api.Task;
import dev.pipeline.engine.model.TaskRegistry;
import dev.pipeline.engine.remote.RemoteExecution;
import dev.pipeline.engine.remote.RemoteTaskSettings;
import dev.pipeline.engine.remote.RemoteTestTasks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Executor selection and job settings from the cfg and the command line. */
class RemoteSetupTest {
  @TempDir Path dir;
  private final TaskRegistry registry = new TaskRegistry()
      .register(RemoteTestTasks.Leaf.class).register(RemoteTestTasks.Root.class);

  private RemoteExecution remote(String cfg, String cli) throws Exception {
    Path file = dir.resolve("run.cfg");
    Files.writeString(file, cfg);
    RunSetup setup = RunSetup.prepare(registry, "RrRoot", List.of("--out", dir.toString(), "--n", "2"),
        file, Map.of());
    return RemoteSetup.create(setup, cli, dir, List.of("/opt/pipeline/bin/pipeline"),
        List.of("--RrLeaf-gpus=1"), Map.of("PIPELINE_X", "1", "SECRET", "s"));
  }

  private static Task leaf(int gpus) {
    return Task.create(RemoteTestTasks.Leaf.class, "out", Path.of("/o"), "index", 0, "gpus", gpus);
  }

  private static Task root() {
    return Task.create(RemoteTestTasks.Root.class, "out", Path.of("/o"), "n", 1);
  }

  @Test
  void localByDefault() throws Exception {
    assertFalse(remote("", null).isRemote(leaf(0)));
  }

  @Test
  void runWideExecutor_sendsTasksWithOutputs_wrappersStayLocal() throws Exception {
    RemoteExecution r = remote("", "slurm");
    assertTrue(r.isRemote(leaf(0)));
    assertFalse(r.isRemote(root()));
    assertTrue(remote("[core]\nexecutor = slurm\n", null).isRemote(leaf(0)));
  }

  @Test
  void familyExecutor_winsOverTheRunWideOne() throws Exception {
    assertFalse(remote("[RrLeaf]\nexecutor = local\n", "slurm").isRemote(leaf(0)));
    assertTrue(remote("[RrRoot]\nexecutor = condor\n", null).isRemote(root()));
  }

  @Test
  void jobSettings_familyOverExecutorSection_gpusFromTheTask() throws Exception {
    RemoteExecution r = remote("""
        [slurm]
        partition = batch
        time = 4h
        cpus = 2
        max_restarts = 1
        directives = --qos=low
        [RrLeaf]
        executor = slurm
        time = 30m
        memory = 8G
        array_parallelism = 3
        directives =
          --constraint=a100
          --mail-type=END,FAIL
        """, null);
    RemoteTaskSettings s = r.settings(leaf(2));
    assertEquals("slurm", s.executor());
    assertEquals("batch", s.resources().queue());
    assertEquals(Duration.ofMinutes(30), s.resources().time());
    assertEquals(2, s.resources().cpus());
    assertEquals(8192, s.resources().memoryMb());
    assertEquals(2, s.resources().gpus());
    assertEquals(List.of("--constraint=a100", "--mail-type=END,FAIL"), s.resources().extra());
    assertEquals(1, s.maxRestarts());
    assertEquals(3, s.arrayParallelism());
    assertEquals(1000, s.maxArraySize());
  }

  @Test
  void commandLine_runsOneTaskThroughTheLauncher() throws Exception {
    List<String> argv = remote("", "slurm").commandLine().argv(leaf(1), 2, Path.of("/r.json"));
    assertEquals(List.of("/opt/pipeline/bin/pipeline", "run-task", "RrLeaf", "--run-dir=" + dir,
        "--config=" + dir.resolve("run.cfg"), "--attempt=2", "--result-file=/r.json",
        "--RrLeaf-gpus=1", "--gpus=1", "--index=0", "--out=/o"), argv);
  }

  @Test
  void kubernetesRunWide_tasksWithOutputsBecomeJobs_wrappersAndFamiliesWithTheirOwnExecutorStay()
      throws Exception {
    RemoteExecution r = remote("", "kubernetes");
    assertEquals("kubernetes", executor(r, leaf(0)));
    assertFalse(r.isRemote(root()), "a wrapper stays local");
    assertFalse(remote("[RrLeaf]\nexecutor = local\n", "kubernetes").isRemote(leaf(0)),
        "the family's own executor wins");
    assertEquals("kubernetes", executor(remote("[core]\nexecutor = kubernetes\n", null), leaf(0)));
    assertEquals("slurm", executor(remote("[core]\nexecutor = kubernetes\n[RrLeaf]\nexecutor = slurm\n",
        null), leaf(0)));
    // An executor from a shared section counts as the family's own.
    assertEquals("slurm", executor(remote("[core]\nexecutor = kubernetes\n[gpu_jobs]\nexecutor = slurm\n"
        + "[RrLeaf]\nshared = gpu_jobs\n", null), leaf(0)));
    assertEquals("kubernetes", executor(remote("[gpu_jobs]\nexecutor = kubernetes\n"
        + "[RrLeaf]\nshared = gpu_jobs\n", null), leaf(0)));
  }

  @Test
  void insideAPodTheEngineStarted_aKubernetesTaskRunsInPlace() throws Exception {
    Path file = dir.resolve("run.cfg");
    Files.writeString(file, "[RrLeaf]\nexecutor = kubernetes\n");
    RunSetup setup = RunSetup.prepare(registry, "RrRoot", List.of("--out", dir.toString(), "--n", "2"),
        file, Map.of());
    RemoteExecution inPod = RemoteSetup.create(setup, null, dir, List.of("pipeline"), List.of(),
        Map.of("PIPELINE_IN_KUBERNETES", "1"));
    assertFalse(inPod.isRemote(leaf(0)));
  }

  @Test
  void aWrongKubernetesSetting_isAConfigErrorNamingItsLineBeforeAnythingRuns() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> remote("[RrLeaf]\nexecutor = kubernetes\n[kubernetes]\npoll_interval = often\n", null));
    assertTrue(e.getMessage().contains("run.cfg:4: [kubernetes] poll_interval"), e.getMessage());
  }

  @Test
  void aJobKeyOfAFamilyThatRunsLocally_isRefusedNamingItsLine() throws Exception {
    ConfigException e = assertThrows(ConfigException.class, () -> remote("[RrLeaf]\ntime = 2h\n", null));
    assertTrue(e.getMessage().contains("run.cfg:2: [RrLeaf] time")
        && e.getMessage().contains("runs locally"), e.getMessage());
    // the same key is read once the family (or the whole run) goes to a cluster
    assertEquals("slurm", executor(remote("[RrLeaf]\nexecutor = slurm\ntime = 2h\n", null), leaf(0)));
    assertEquals("slurm", executor(remote("[RrLeaf]\ntime = 2h\n", "slurm"), leaf(0)));
  }

  private static String executor(RemoteExecution r, Task task) {
    assertTrue(r.isRemote(task), task + " runs elsewhere");
    return r.settings(task).executor();
  }

  @Test
  void unknownExecutor_isAUsageErrorWithASuggestion() {
    UsageException cli = assertThrows(UsageException.class, () -> remote("", "slrum"));
    assertTrue(cli.getMessage().contains("did you mean slurm?"), cli.getMessage());
    assertTrue(cli.getMessage().contains("local, slurm, condor, lsf, pbs, kubernetes"), cli.getMessage());
    ConfigException cfg = assertThrows(ConfigException.class,
        () -> remote("[RrLeaf]\nexecutor = condr\n", null));
    assertTrue(cfg.getMessage().contains("[RrLeaf] executor") && cfg.getMessage().contains("condor"),
        cfg.getMessage());
  }

  @Test
  void badJobSetting_namesTheKey() throws Exception {
    RemoteExecution r = remote("[RrLeaf]\nexecutor = slurm\nmemory = lots\n", null);
    ConfigException e = assertThrows(ConfigException.class, () -> r.settings(leaf(0)));
    assertTrue(e.getMessage().contains("[RrLeaf] memory"), e.getMessage());
  }

  @Test
  void runArguments_forwardFamilyOptionsAndPlugins() {
    assertEquals(List.of("--classpath=/p/a.jar:/p/b", "--RrLeaf-gpus=2"), RemoteSetup.runArguments(
        registry, "RrRoot", List.of("--out", "/o", "--RrLeaf-gpus", "2"),
        List.of(Path.of("/p/a.jar"), Path.of("/p/b"))));
  }
}
