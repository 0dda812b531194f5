package dev.pipeline.engine.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.Targets;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.error.UsageException;
import dev.pipeline.api.targets.s3.S3Store;
import dev.pipeline.engine.config.ConfigLoader;
import dev.pipeline.engine.config.ConfiguredParameters;
import dev.pipeline.engine.config.PipelineConfig;
import dev.pipeline.engine.model.TaskFamily;
import dev.pipeline.engine.run.BuiltinSettings;
import dev.pipeline.engine.run.PreflightSettings;
import dev.pipeline.engine.testing.MockCluster;
import dev.pipeline.engine.testing.S3Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every preflight check with a case that fails, and its exact line. */
class PreflightTest {
  @TempDir Path tmp;

  /** A task whose output is {@code out} (a path or s3:// URI); its work is its cfg command. */
  @Family("Step")
  public static final class Step extends Task {
    @Param String out;

    @Override
    public Object output() {
      return Targets.file(this, out);
    }

    @Override
    public void run(TaskContext context) {
      throw new AssertionError("not run by preflight");
    }
  }

  private PipelineConfig config(String cfg) throws IOException {
    Path file = tmp.resolve("run.cfg");
    Files.writeString(file, cfg);
    return ConfigLoader.load(file, Map.of());
  }

  private Task step(PipelineConfig config, String out, S3Store store) {
    TaskFamily family = TaskFamily.of(Step.class);
    return family.configure(family.newInstance(Step.class), null, Map.of("out", out),
        new ConfiguredParameters(config, Map.of(), store));
  }

  private Task step(PipelineConfig config) {
    return step(config, tmp.resolve("out.txt").toString(), S3Store.environment());
  }

  private Preflight preflight(PipelineConfig config, String executor, MockClusterRef k8s,
      List<String> gpus, String path) {
    return new Preflight(BuiltinSettings.read(config, Map.of()), PreflightSettings.read(config),
        new Preflight.Placement(t -> executor, () -> k8s.get().client, "default"), tmp, gpus,
        new HostTools(path));
  }

  private interface MockClusterRef {
    MockCluster get();
  }

  private static final MockClusterRef NO_CLUSTER = () -> {
    throw new AssertionError("no Kubernetes in this test");
  };

  private String problems(Preflight p, Task... tasks) {
    return assertThrows(UsageException.class, () -> p.check(List.of(tasks))).getMessage();
  }

  /** A single problem is the message itself, one line. */
  private static String one(String line) {
    return line;
  }

  private Path script(String name, String body) throws IOException {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path f = bin.resolve(name);
    Files.writeString(f, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    return f;
  }

  private static final String PATH = System.getenv("PATH");

  @Test
  void commandProgramNotOnThePath() throws IOException {
    PipelineConfig c = config("[Step]\ncommand = pyhton train.py {output}\n");
    assertEquals(one(tmp.resolve("run.cfg") + ":2: [Step] command: program pyhton is not on the"
        + " PATH; install it, or write its full path"),
        problems(preflight(c, "local", NO_CLUSTER, List.of(), PATH), step(c)));
  }

  @Test
  void commandProgramPathMissing() throws IOException {
    PipelineConfig c = config("[Step]\ncommand = bin/train {output}\n");
    assertEquals(one(tmp.resolve("run.cfg") + ":2: [Step] command: program bin/train does not"
        + " exist or is not executable; write the path of an executable file"),
        problems(preflight(c, "local", NO_CLUSTER, List.of(), PATH), step(c)));
  }

  @Test
  void sandboxProgramMissing() throws IOException {
    PipelineConfig c = config("[Step]\ncommand = sh -c true\nsandbox = apptainer::/img.sif\n");
    assertEquals(one(tmp.resolve("run.cfg") + ":3: [Step] sandbox: apptainer is not on the PATH;"
        + " install it or set sandbox_program to its path"),
        problems(preflight(c, "local", NO_CLUSTER, List.of(), "/nonexistent"), step(c)));
  }

  @Test
  void apptainerImageMissing() throws IOException {
    Path app = script("apptainer", "exit 0\n");
    PipelineConfig c = config("[Step]\ncommand = sh -c true\nsandbox = apptainer::img/ml.sif\n"
        + "sandbox_program = " + app + "\n");
    assertEquals(one(tmp.resolve("run.cfg") + ":3: [Step] sandbox: image " + tmp.resolve(
        "img/ml.sif") + " does not exist; build or copy it there first"),
        problems(preflight(c, "local", NO_CLUSTER, List.of(), PATH), step(c)));
  }

  @Test
  void venvWithoutInterpreter() throws IOException {
    PipelineConfig c = config("[Step]\ncommand = python -c pass\nsandbox = venv::envs/ml\n");
    Path venv = tmp.resolve("envs/ml");
    assertEquals("preflight found 2 problems before anything ran:\n  " + tmp.resolve("run.cfg")
        + ":3: [Step] sandbox: venv " + venv + " has no bin/python; create it with python3 -m"
        + " venv " + venv + "\n  " + tmp.resolve("run.cfg") + ":2: [Step] command: program"
        + " python is not on the PATH; install it, or write its full path",
        problems(preflight(c, "local", NO_CLUSTER, List.of(), "/nonexistent"), step(c)));
  }

  @Test
  void condaPrefixMissing() throws IOException {
    Path conda = script("conda", "exit 0\n");
    PipelineConfig c = config("[Step]\ncommand = python -c pass\nsandbox = conda::/opt/envs/nope"
        + "\nsandbox_program = " + conda + "\n");
    assertEquals(one(tmp.resolve("run.cfg") + ":3: [Step] sandbox: conda environment"
        + " /opt/envs/nope does not exist; create it with conda env create -p /opt/envs/nope"),
        problems(preflight(c, "local", NO_CLUSTER, List.of(), PATH), step(c)));
  }

  @Test
  void containerImageMissing_askedOfTheContainerProgram() throws IOException {
    // docker's answer for an image it does not have, as the real client prints it
    Path docker = script("docker", "echo \"Error: No such image: $5\" >&2; exit 1\n");
    PipelineConfig c = config("[Step]\ncommand = sh -c true\nsandbox = docker::ml:2\n"
        + "sandbox_program = " + docker + "\n");
    assertEquals(one(tmp.resolve("run.cfg") + ":3: [Step] sandbox: docker has no image ml:2;"
        + " pull, load or build it first (docker pull ml:2)"),
        problems(preflight(c, "local", NO_CLUSTER, List.of(), PATH), step(c)));
  }

  @Test
  void podmanImageMissing_realPodman() throws IOException {
    assumeTrue(new HostTools(PATH).find("podman").isPresent(), "skipped: no podman on the PATH");
    PipelineConfig c = config("[Step]\ncommand = sh -c true\n"
        + "sandbox = podman::localhost/pipeline-no-such-image:1\n");
    assertEquals(one(tmp.resolve("run.cfg") + ":3: [Step] sandbox: podman has no image"
        + " localhost/pipeline-no-such-image:1; pull, load or build it first (podman pull"
        + " localhost/pipeline-no-such-image:1)"),
        problems(preflight(c, "local", NO_CLUSTER, List.of(), PATH), step(c)));
  }

  @Test
  void batchCommandsMissing() throws IOException {
    PipelineConfig c = config("[slurm]\nbin_dir = /nonexistent/slurm\n");
    assertEquals(one("executor slurm: sbatch is not on /nonexistent/slurm; install the batch"
        + " system's client commands or set [slurm] bin_dir"),
        problems(preflight(c, "slurm", NO_CLUSTER, List.of(), PATH), step(c)));
    PipelineConfig none = config("[core]\n");
    assertEquals(one("executor condor: condor_submit is not on the PATH; install the batch"
        + " system's client commands or set [condor] bin_dir"),
        problems(preflight(none, "condor", NO_CLUSTER, List.of(), "/nonexistent"), step(none)));
  }

  @Test
  void s3BucketMissing() throws Exception {
    S3Server s3 = S3Server.get();
    s3.createBucket("preflight-present");
    S3Store store = new S3Store(s3.settings(), s3::client);
    PipelineConfig c = config("[core]\n");
    Task good = step(c, "s3://preflight-present/a.txt", store);
    Task bad = step(c, "s3://preflight-missing/a.txt", store);
    assertEquals(one("s3://preflight-missing: the bucket does not exist; check the bucket name"
        + " and the credentials (AWS_ACCESS_KEY_ID, AWS_PROFILE)"),
        problems(preflight(c, "local", NO_CLUSTER, List.of(), PATH), good, bad));
  }

  @Test
  void kubernetesApiServerDoesNotAnswer() throws Exception {
    PipelineConfig c = config("[preflight]\ntimeout = 60s\n");
    try (MockCluster cluster = new MockCluster()) {
      preflight(c, "kubernetes", () -> cluster, List.of(), PATH).check(List.of(step(c)));
      c = config("[preflight]\ntimeout = 2s\n");
      assertEquals(1, cluster.count("GET", "/api/v1/namespaces/default/pods"), cluster.requests
          .toString());
      int port = cluster.port();
      cluster.close();
      String message = problems(preflight(c, "kubernetes", () -> cluster, List.of(), PATH),
          step(c));
      // the client retries a refused connection; whichever comes first, the line says so
      assertTrue(message.matches("kubernetes: the Kubernetes API server https?://localhost:"
          + port + "/ did not answer( within 2s|: .*); check KUBECONFIG and that the cluster is up"), message);
    }
  }

  @Test
  void declaredFreeSpaceMissing() throws IOException {
    PipelineConfig c = config("[preflight]\nfree_space = " + tmp + "=900000000G\n");
    String message = problems(preflight(c, "local", NO_CLUSTER, List.of(), PATH), step(c));
    assertTrue(message.matches("\\[preflight\\]"
        + " free_space: " + tmp + " has \\d+ (GiB|MiB) free, less than the 900000000 GiB"
        + " declared; free some space or use another directory"), message);
  }

  @Test
  void gpuIdsThatNvidiaSmiDoesNotList() throws IOException {
    script("nvidia-smi", "printf '0, GPU-aaaa\\n1, GPU-bbbb\\n'\n");
    PipelineConfig c = config("[core]\n");
    assertEquals(one("--gpus: GPU 7 does not exist on this machine (nvidia-smi lists 0, 1)"),
        problems(preflight(c, "local", NO_CLUSTER, List.of("0", "1", "7", "7"),
            tmp.resolve("bin") + ":" + PATH), step(c)));
  }

  @Test
  void gpuIdsOfThisMachine_realNvidiaSmi() throws IOException {
    HostTools host = new HostTools(PATH);
    assumeTrue(host.find("nvidia-smi").isPresent(), "skipped: nvidia-smi is not on the PATH");
    PipelineConfig c = config("[core]\n");
    preflight(c, "local", NO_CLUSTER, List.of("0"), PATH).check(List.of(step(c)));
    String message = problems(preflight(c, "local", NO_CLUSTER, List.of("0", "999"), PATH),
        step(c));
    assertTrue(message.contains("--gpus: GPU 999 does not exist on this machine"), message);
  }

  @Test
  void everyProblemAtOnce_eachOnce() throws IOException {
    PipelineConfig c = config("[Step]\ncommand = pyhton {output}\n[slurm]\nbin_dir = /none\n");
    Preflight p = preflight(c, "local", NO_CLUSTER, List.of(), PATH);
    String message = problems(p, step(c), step(c, tmp.resolve("b.txt").toString(),
        S3Store.environment()));
    assertEquals(one(tmp.resolve("run.cfg") + ":2: [Step] command: program pyhton is not on"
        + " the PATH; install it, or write its full path"), message);
  }

  @Test
  void nothingWrong_passes() throws IOException {
    PipelineConfig c = config("[Step]\ncommand = sh -c true\n");
    preflight(c, "local", NO_CLUSTER, List.of(), PATH).check(List.of(step(c)));
  }
}
