package dev.pipeline.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.engine.config.ConfiguredParameters;
import dev.pipeline.engine.config.PipelineConfig;
import dev.pipeline.api.error.ExitCode;
import dev.pipeline.engine.launch.RemoteSetup;
import dev.pipeline.engine.launch.RunSetup;
import dev.pipeline.engine.model.TaskRegistry;
import dev.pipeline.engine.remote.RemoteExecution;
import dev.pipeline.engine.scheduler.RunOptions;
import dev.pipeline.engine.scheduler.Scheduler;
import dev.pipeline.api.targets.s3.S3FileTarget;
import dev.pipeline.api.targets.s3.S3Store;
import dev.pipeline.engine.testing.FakeJobController;
import dev.pipeline.engine.testing.S3Server;
import io.fabric8.kubernetes.client.KubernetesClient;
import dev.pipeline.engine.testing.MockCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox's remote switch: with {@code [Train] executor = kubernetes} and an s3:// run_dir,
 * Train runs as a Kubernetes Job (fabric8 CRUD mock; the fake controller starts the pod's {@code pipeline run Train ...} as a local JVM against
 * the in-process S3 server), model.bin/metrics.json/batch.npy land in S3, and Export, run
 * locally, reads them from S3 and passes its ONNX round trip.
 */
@Timeout(300)
class TrainOnKubernetesTest {
  MockCluster cluster = new MockCluster();
  KubernetesClient client = cluster.client;
  @TempDir Path dir;

  @AfterEach
  void reset() {
    cluster.close();
  }

  @Test
  void trainWithAnS3RunDir_runsOnKubernetes_andExportReadsTheModelFromS3() throws Exception {
    S3Server s3 = S3Server.get();
    s3.createBucket("runs");
    s3.useAsDefaultCredentials();
    S3Store store = new S3Store(s3.settings()); // what a run's [s3] section would give
    String runDir = "s3://runs/sandbox-" + System.nanoTime();

    Map<String, Map<String, String>> params = new HashMap<>(PipelineTest.TINY);
    Map<String, String> train = new HashMap<>(params.get("Train"));
    train.put("run_dir", runDir);
    params.put("Train", train);

    Map<String, String> podEnv = new HashMap<>(Map.of(
        "AWS_ENDPOINT_URL", s3.endpoint().toString(), "AWS_REGION", "us-east-1",
        "PIPELINE_S3_PATH_STYLE", "true", "POD_RUN_DIR", dir.resolve("pod").toString(),
        "JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"));
    // what a cfg in the image would say: the data sets' sizes
    PipelineTest.TINY.get("GenerateTrainData").forEach((k, v) ->
        podEnv.put("PIPELINE__GenerateTrainData__" + k, v));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path cfg = dir.resolve("remote.cfg");
    Files.writeString(cfg, """
        [Train]
        executor = kubernetes

        [kubernetes]
        namespace = work
        image = pipeline:test
        poll_interval = 100ms
        launcher = %s -cp %s %s
        """.formatted(java, System.getProperty("java.class.path"), PodLauncherMain.class.getName()));
    RunSetup setup = RunSetup.withoutRoot(TaskRegistry.discover(getClass().getClassLoader()), cfg, Map.of());
    RemoteExecution remote = RemoteSetup.create(setup, null, dir, List.of("pipeline"), List.of(), Map.of(),
        cluster.access(Map.of("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY), podEnv));

    try (FakeJobController controller = new FakeJobController(cluster, "work")) {
      Export export = dev.pipeline.api.Task.create(
          new ConfiguredParameters(PipelineConfig.empty(), params, store), Export.class,
          "out_dir", dir.resolve("out"));
      var summary = new Scheduler(RunOptions.defaults(dir).withWorkers(1)).remote(remote)
          .run(List.of(export));
      assertEquals(ExitCode.OK, summary.exitCode(), summary.failures().toString() + podLogs());
      assertEquals(1, controller.created.size(), "Train ran as one Job");
      assertTrue(controller.created.get(0).getMetadata().getName().startsWith("pl-sandbox-train-"));
      for (String f : List.of("model.bin", "metrics.json", "batch.npy")) {
        assertTrue(store.file(runDir + "/train/" + f).exists(), f + " in S3");
      }
      assertFalse(Files.exists(dir.resolve("out/train/model.bin")), "nothing trained locally");
      assertTrue(Json.read(dir.resolve("out/export/roundtrip.json")).get("passed").asBoolean());
      assertTrue(client.batch().v1().jobs().inNamespace("work").list().getItems().isEmpty());
      assertTrue(client.secrets().inNamespace("work").list().getItems().isEmpty());
      assertTrue(((S3FileTarget) store.file(runDir + "/train/metrics.json")).readString().contains("validation_auroc"));
    }
  }

  private String podLogs() {
    StringBuilder b = new StringBuilder();
    try (var walk = Files.walk(dir)) {
      walk.filter(p -> p.toString().endsWith(".log")).forEach(p -> {
        try {
          b.append("\n").append(p).append(":\n").append(Files.readString(p));
        } catch (java.io.IOException e) {
          b.append(e);
        }
      });
    } catch (java.io.IOException e) {
      b.append(e);
    }
    return b.toString();
  }
}
