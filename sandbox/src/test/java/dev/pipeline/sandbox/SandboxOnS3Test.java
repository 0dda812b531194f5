package dev.pipeline.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.engine.launch.RemoteSetup;
import dev.pipeline.engine.launch.RunOptionsBuilder;
import dev.pipeline.engine.launch.RunSetup;
import dev.pipeline.api.Task;
import dev.pipeline.engine.model.TaskRegistry;
import dev.pipeline.engine.remote.RemoteExecution;
import dev.pipeline.engine.scaffold.RunKind;
import dev.pipeline.engine.scaffold.S3Location;
import dev.pipeline.engine.scaffold.Scaffolder;
import dev.pipeline.engine.scheduler.Scheduler;
import dev.pipeline.api.targets.s3.S3Store;
import dev.pipeline.engine.testing.FakeJobController;
import dev.pipeline.engine.testing.MockCluster;
import dev.pipeline.engine.testing.S3Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pipeline init sandbox --s3-bucket s3://runs/sb}, then what run.sh does, end to end: the
 * init'd cfg (its [kubernetes] section, Train's run_dir = ${PIPELINE_TRAIN_DIR}) sends Train to
 * Kubernetes (the fabric8 mock with the fake controller, which starts the pod's
 * {@code pipeline run Train ...} as a local JVM against the in-process S3 server, with no cfg);
 * the training set and config go to the bucket, the pod finds them there, the model lands under
 * the bucket; Export reads it from S3; Infer and SensitiveVolume complete locally.
 */
@Timeout(300)
class SandboxOnS3Test {
  static final String BUCKET = "s3://runs/sb";

  MockCluster cluster = new MockCluster();
  @TempDir Path dir;

  @AfterEach
  void reset() {
    cluster.close();
  }

  @Test
  void initWithABucket_trainsOnKubernetes_andThePipelineCompletesFromS3() throws Exception {
    S3Server s3 = S3Server.get();
    s3.createBucket("runs");
    s3.useAsDefaultCredentials();

    Scaffolder.Result init = Scaffolder.write(new Scaffolder.Request(RunKind.SANDBOX, dir,
        Optional.of(S3Location.parse(BUCKET)), false, dir));
    String cfg = Files.readString(dir.resolve("sandbox.cfg"));
    assertTrue(cfg.contains("\nrun_dir = ${PIPELINE_TRAIN_DIR}\n"), cfg);
    assertTrue(cfg.contains("\n[kubernetes]\n") && cfg.contains("\n[s3]\n"), cfg);
    assertTrue(init.notes().get(0).contains(BUCKET + "/training"), init.notes().toString());
    // a small run, as a user would edit it
    Files.writeString(dir.resolve("config.yaml"),
        Files.readString(dir.resolve("config.yaml")).replace("max_epochs: 6", "max_epochs: 2"));

    Map<String, String> env = runShEnvironment();
    RunSetup setup = RunSetup.prepare(TaskRegistry.discover(getClass().getClassLoader()), "Sandbox", List.of(),
        dir.resolve("sandbox.cfg"), env);
    var options = new RunOptionsBuilder(setup).runDirectory(dir).journal(true).build();
    RemoteExecution remote = onMockCluster(env, options.runDirectory());
    Task train = find(setup.root(), "sandbox.Train");
    assertTrue(remote.isRemote(train), "the init'd cfg sends Train to Kubernetes");
    assertEquals("kubernetes", remote.settings(train).executor());
    assertFalse(remote.isRemote(find(setup.root(), "sandbox.Export")), "Export stays local");

    try (FakeJobController controller = new FakeJobController(cluster, "default")) {
      var summary = new Scheduler(options.withCaptureOutput(false)).remote(remote)
          .run(List.of(setup.root()));
      assertEquals(ExitCode.OK, summary.exitCode(), summary.failures() + logs());
      assertEquals(1, controller.created.size(), "Train ran as one Job");
    }
    S3Store store = setup.context().s3(); // the run's own store: the cfg's [s3] endpoint
    for (String f : List.of("model.bin", "metrics.json", "batch.npy")) {
      assertTrue(store.file(BUCKET + "/training/train/" + f).exists(), f + " in S3");
    }
    assertFalse(Files.exists(dir.resolve("train/model.bin")), "nothing trained locally");
    assertTrue(store.directory(BUCKET + "/data/train").exists(), "the training set in S3");
    assertFalse(Files.exists(dir.resolve("data/train")), "and not here");
    assertTrue(store.file(BUCKET + "/training/train/config.yaml").exists(), "the training config in S3");
    assertTrue(Json.read(dir.resolve("export/roundtrip.json")).get("passed").asBoolean());
    assertTrue(Files.exists(dir.resolve("results/sv.json")), "the pipeline ran to the end");
    String trainLog = logs();
    assertTrue(trainLog.contains("---- pod pl-sandbox-train-"), "the pod's log reached the task log");
    assertTrue(cluster.client.batch().v1().jobs().inNamespace("default").list().getItems().isEmpty());
    assertTrue(cluster.client.secrets().inNamespace("default").list().getItems().isEmpty());
    assertFalse(trainLog.contains(S3Server.SECRET_KEY), "no credential in a log");
  }

  @Test
  void anS3DataDir_isRefusedWithAMessage_notTakenForALocalPath() throws Exception {
    Scaffolder.write(new Scaffolder.Request(RunKind.SANDBOX, dir, Optional.of(S3Location.parse(BUCKET)), false, dir));
    Map<String, String> env = runShEnvironment();
    env.put("PIPELINE__data__data_dir", BUCKET + "/data");
    RunSetup setup = RunSetup.prepare(TaskRegistry.discover(getClass().getClassLoader()), "Sandbox", List.of(),
        dir.resolve("sandbox.cfg"), env);
    var options = new RunOptionsBuilder(setup).runDirectory(dir).journal(false).build();
    Exception e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
        () -> new Scheduler(options.withCaptureOutput(false)).run(List.of(setup.root())));
    assertTrue(e.getMessage().contains("--data_dir " + BUCKET + "/data: the sandbox keeps data_dir local"),
        e.getMessage());
    assertFalse(Files.exists(dir.resolve("s3:")), "no local directory named after the bucket");
  }

  /** The variables run.sh exports for a run directory with a bucket. */
  private Map<String, String> runShEnvironment() throws Exception {
    Map<String, String> env = new HashMap<>(Map.of(
        "PIPELINE_RUN_DIR", dir.toString(),
        "PIPELINE_CONFIG", dir.resolve("sandbox.cfg").toString(),
        "PIPELINE_TRAIN_DATA_DIR", BUCKET + "/data/train",
        "PIPELINE_TEST_DATA_DIR", dir.resolve("data/test").toString(),
        "PIPELINE_TRAIN_DIR", BUCKET + "/training",
        "PIPELINE_RESULTS_DIR", dir.resolve("results").toString(),
        "AWS_ENDPOINT_URL", S3Server.get().endpoint().toString(),
        "AWS_REGION", "us-east-1"));
    PipelineTest.TINY.forEach((family, values) -> values.forEach((k, v) ->
        env.put("PIPELINE__" + family + "__" + k, v)));
    return env;
  }

  /**
   * The init'd cfg's executors and [kubernetes] settings against the mock cluster, as run.sh's
   * environment would override them: the pod's launcher is a local JVM, with no cfg and no data
   * (what Train needs is on S3).
   */
  private RemoteExecution onMockCluster(Map<String, String> env, Path runDirectory) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Map<String, String> withLauncher = new HashMap<>(env);
    withLauncher.put("PIPELINE__kubernetes__poll_interval", "100ms");
    withLauncher.put("PIPELINE__kubernetes__launcher", java + " -cp "
        + System.getProperty("java.class.path") + " " + PodLauncherMain.class.getName());
    RunSetup withMock = RunSetup.prepare(TaskRegistry.discover(getClass().getClassLoader()), "Sandbox",
        List.of(), dir.resolve("sandbox.cfg"), withLauncher);
    Map<String, String> podEnv = new HashMap<>(Map.of(
        "AWS_ENDPOINT_URL", env.get("AWS_ENDPOINT_URL"), "AWS_REGION", "us-east-1",
        "PIPELINE_S3_PATH_STYLE", "true", "POD_RUN_DIR", dir.resolve("pod").toString(),
        "JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"));
    return RemoteSetup.create(withMock, null, runDirectory, List.of("pipeline"), List.of(), env,
        cluster.access(Map.of("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY), podEnv));
  }

  private static Task find(Task root, String family) {
    if (root.id().family().equals(family)) {
      return root;
    }
    for (Task t : root.requirements()) {
      Task found = find(t, family);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private String logs() throws IOException {
    StringBuilder b = new StringBuilder();
    try (Stream<Path> walk = Files.walk(dir.resolve(".pipeline"))) {
      for (Path p : (Iterable<Path>) walk.filter(f -> f.toString().endsWith(".log"))::iterator) {
        b.append("\n").append(p).append(":\n").append(Files.readString(p));
      }
    }
    return b.toString();
  }
}
