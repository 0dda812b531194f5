package dev.pipeline.engine.executor.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.engine.event.RunSummary;
import dev.pipeline.engine.launch.RunOptionsBuilder;
import dev.pipeline.engine.launch.RemoteSetup;
import dev.pipeline.engine.launch.RunSetup;
import dev.pipeline.engine.remote.JobRecords;
import dev.pipeline.engine.remote.RemoteExecution;
import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;
import dev.pipeline.engine.model.TaskRegistry;
import dev.pipeline.engine.scheduler.Scheduler;
import dev.pipeline.api.targets.FileTarget;
import dev.pipeline.api.Targets;
import dev.pipeline.engine.testing.FakeJobController;
import dev.pipeline.engine.testing.Processes;
import dev.pipeline.engine.testing.S3Server;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import dev.pipeline.engine.testing.MockCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole remote path: a cfg sends RemoteTrain to Kubernetes (fabric8 CRUD mock; the fake
 * controller runs the container's command as a local process against the in-process S3 server
 * with the credentials from the job's Secret); the model lands in S3; Export, run locally, reads
 * it from S3; the pipeline completes; no Job or Secret is left; no credential reaches a log, the
 * journal or a manifest.
 */
@Timeout(120)
class RemotePipelineTest {
  static final String NS = "work";
  static S3Server s3;

  MockCluster cluster;
  KubernetesClient client;
  FakeJobController controller;
  @TempDir Path tmp;

  /** Trains in a pod; never locally. */
  @Family("RemoteTrain")
  public static final class RemoteTrain extends Task {
    @Param(required = true) String out;

    @Override
    public Object output() {
      return Targets.file(this, out + "/model.bin");
    }

    @Override
    public void run(TaskContext context) {
      throw new IllegalStateException("RemoteTrain ran locally");
    }
  }

  /** Reads the model from S3 and writes a local file. */
  @Family("Export")
  public static final class Export extends Task {
    @Param(required = true) String out;
    @Param(required = true) Path dest;

    @Override
    public Object requires() {
      return req(RemoteTrain.class);
    }

    @Override
    public Object output() {
      return Targets.file(this, dest.resolve("exported.txt").toString());
    }

    @Override
    public void run(TaskContext context) throws IOException {
      String model = ((FileTarget) input()).readString();
      ((FileTarget) outputTarget()).writeString("exported " + model);
    }
  }

  @BeforeAll
  static void s3() throws Exception {
    s3 = S3Server.get();
    s3.createBucket("models");
    // the engine's own S3 client uses the default credentials chain
    s3.useAsDefaultCredentials();
  }

  @BeforeEach
  void start() {
    cluster = new MockCluster();
    client = cluster.client;
    controller = new FakeJobController(cluster, NS);
  }

  @AfterEach
  void stop() {
    controller.close();
    cluster.close();
  }

  private RunSummary run(String command, String out, Scheduler[] holder) throws IOException {
    Path cfg = tmp.resolve("pipeline.cfg");
    Files.writeString(cfg, """
        [s3]
        endpoint = %s
        region = us-east-1
        path_style = true

        [kubernetes]
        namespace = work
        image = pipeline:test
        poll_interval = 50ms

        [RemoteTrain]
        executor = kubernetes
        command = %s
        """.formatted(s3.endpoint(), command));
    TaskRegistry registry = new TaskRegistry().register(RemoteTrain.class).register(Export.class);
    RunSetup setup = RunSetup.prepare(registry, "Export",
        List.of("--out", out, "--dest", tmp.resolve("export").toString()), cfg,
        Map.of("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "CP", System.getProperty("java.class.path")));
    var options = new RunOptionsBuilder(setup).runDirectory(tmp.resolve("run")).journal(true).build();
    // The cfg's settings, reaching the mock cluster.
    RemoteExecution remote = RemoteSetup.create(setup, null, options.runDirectory(),
        List.of("pipeline"), List.of(), Map.of(), cluster.access(
            Map.of("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY),
            Map.of("AWS_ENDPOINT_URL", s3.endpoint().toString(), "AWS_REGION", "us-east-1",
                "PIPELINE_S3_PATH_STYLE", "true", "JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -Xshare:auto")));
    // The cfg's executor = kubernetes sends RemoteTrain (not Export) to Kubernetes.
    assertEquals("kubernetes", remote.settings((Task) setup.root().requires()).executor(), "RemoteTrain remote");
    assertFalse(remote.isRemote(setup.root()), "Export local");
    Scheduler scheduler = new Scheduler(options.withCaptureOutput(false)).remote(remote);
    if (holder != null) {
      holder[0] = scheduler;
    }
    return scheduler.run(List.of(setup.root()));
  }

  private void assertNoJobOrSecretLeft() {
    assertTrue(client.batch().v1().jobs().inNamespace(NS).list().getItems().isEmpty(), "Jobs left");
    assertTrue(client.secrets().inNamespace(NS).list().getItems().isEmpty(), "Secrets left");
  }

  private void assertNoCredentialsAnywhere() throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> walk = Files.walk(tmp)) {
      for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        all.append(Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1));
      }
    }
    for (var job : controller.created) {
      all.append(client.getKubernetesSerialization().asYaml(job));
    }
    assertTrue(all.length() > 0);
    assertFalse(all.toString().contains(S3Server.SECRET_KEY), "secret key in a log, journal or manifest");
    assertFalse(all.toString().contains(S3Server.ACCESS_KEY), "access key in a log, journal or manifest");
  }

  @Test
  void trainOnKubernetes_modelLandsInS3_exportReadsIt_pipelineCompletes() throws Exception {
    String out = "s3://models/run-" + System.nanoTime();
    RunSummary summary = run("${JAVA} -cp ${CP} dev.pipeline.engine.testing.S3PutMain {output} trained-weights",
        out, null);
    assertEquals(ExitCode.OK, summary.exitCode(), summary.failures().toString());
    assertEquals(1, controller.created.size(), "one Job");
    assertEquals("trained-weights", s3.store().file(out + "/model.bin").readString());
    assertEquals("exported trained-weights", Files.readString(tmp.resolve("export/exported.txt")));
    assertNoJobOrSecretLeft();
    assertNoCredentialsAnywhere();
    String logs = logsOf(tmp.resolve("run"));
    assertTrue(logs.contains("model written"), "the pod's log reached the task log: " + logs);
    // a second run finds everything complete on S3 and submits nothing
    RunSummary again = run("${JAVA} -cp ${CP} dev.pipeline.engine.testing.S3PutMain {output} other", out, null);
    assertEquals(ExitCode.OK, again.exitCode());
    assertEquals(1, controller.created.size());
  }

  @Test
  void aJobThatSucceedsWithoutTheOutputHere_failsTheTask_sayingThatThePodHasItsOwnFiles()
      throws Exception {
    RunSummary summary = run("true", tmp.resolve("local-out").toString(), null);
    assertEquals(ExitCode.TASK_FAILED, summary.exitCode());
    String why = summary.failures().toString();
    assertTrue(why.contains("the Kubernetes Job pl-remotetrain-"), why);
    assertTrue(why.contains(" succeeded but " + tmp.resolve("local-out/model.bin")
        + " does not exist here"), why);
    assertTrue(why.contains("put the output on s3:// or on a volume"), why);
    assertNoJobOrSecretLeft();
  }

  @Test
  void failedJob_failsTheTask_andCleansUp() throws Exception {
    RunSummary summary = run("${JAVA} -cp ${CP} dev.pipeline.engine.testing.S3PutMain fail 3",
        "s3://models/fail-" + System.nanoTime(), null);
    assertFalse(summary.exitCode() == ExitCode.OK);
    assertTrue(summary.failures().toString().contains("exit code 3"), summary.failures().toString());
    assertNoJobOrSecretLeft();
    assertNoCredentialsAnywhere();
  }

  @Test
  void interrupt_deletesTheJobAndItsSecret() throws Exception {
    Scheduler[] holder = new Scheduler[1];
    AtomicReference<RunSummary> result = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        result.set(run("hold", "s3://models/held-" + System.nanoTime(), holder));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    t.start();
    assertTrue(Processes.await(Duration.ofSeconds(20), () -> controller.created.size() == 1
        && client.secrets().inNamespace(NS).list().getItems().size() == 1), "job submitted");
    controller.awaitActive(controller.created.get(0).getMetadata().getName());
    holder[0].interrupt(); // what Ctrl-C does
    t.join(30_000);
    assertFalse(t.isAlive());
    assertFalse(result.get().exitCode() == ExitCode.OK);
    assertNoJobOrSecretLeft();
  }

  @Test
  void anEngineStartedAgain_reattachesToTheJobItRecorded_insteadOfSubmittingAnother() throws Exception {
    String out = "s3://models/again-" + System.nanoTime();
    Task train = Task.create(RemoteTrain.class, "out", out);
    String name = KubernetesExecutor.jobName("RemoteTrain", train.id().digest());
    // What an engine that died left behind: its Job, still running, and its record of it.
    client.batch().v1().jobs().inNamespace(NS).resource(new JobBuilder().withNewMetadata()
        .withName(name).withNamespace(NS).addToLabels(KubernetesExecutor.MANAGED_BY, "pipeline")
        .endMetadata().withNewSpec().withNewTemplate().withNewMetadata()
        .addToLabels(KubernetesExecutor.MANAGED_BY, "pipeline").endMetadata().withNewSpec()
        .addNewContainer().withName("task").withImage("pipeline:test").withCommand("hold")
        .endContainer().withRestartPolicy("Never").endSpec().endTemplate().endSpec().build()).create();
    controller.awaitActive(name);
    new JobRecords(tmp.resolve("run").resolve(".pipeline")).save(train.id(), new JobRecords.JobRecord(
        train.id().canonical(), "kubernetes", name, 1, 0, null, null, NS, Instant.now().toString()));

    AtomicReference<RunSummary> result = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        result.set(run("exit 9", out, null)); // a new submission would fail
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    t.start();
    assertTrue(Processes.await(Duration.ofSeconds(30), () -> logsContain(tmp.resolve("run"),
        "pipeline: re-attached to Kubernetes job " + name)), "re-attached from the record");
    s3.store().file(out + "/model.bin").writeString("trained before the restart");
    controller.complete(name, 0, "done\n");
    t.join(60_000);
    assertEquals(ExitCode.OK, result.get().exitCode(), result.get().failures().toString());
    assertEquals(1, controller.created.size(), "no second Job");
    assertEquals("exported trained before the restart", Files.readString(tmp.resolve("export/exported.txt")));
    assertNoJobOrSecretLeft();
  }

  private static boolean logsContain(Path dir, String text) {
    try {
      return Files.isDirectory(dir) && logsOf(dir).contains(text);
    } catch (IOException | java.io.UncheckedIOException e) {
      return false; // a log being written meanwhile
    }
  }

  private static String logsOf(Path dir) throws IOException {
    StringBuilder b = new StringBuilder();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.filter(f -> f.toString().endsWith(".log"))::iterator) {
        b.append(Files.readString(p));
      }
    }
    return b.toString();
  }
}
