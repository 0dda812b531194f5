package dev.pipeline.engine.executor.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.engine.executor.JobHandle;
import dev.pipeline.engine.executor.JobSpec;
import dev.pipeline.engine.executor.JobState;
import dev.pipeline.engine.executor.JobStatus;
import dev.pipeline.engine.testing.FakeJobController;
import dev.pipeline.engine.testing.Processes;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The executor against the fabric8 mock API server in CRUD mode, with a fake job controller. */
@EnableKubernetesMockClient(crud = true)
@Timeout(60)
class KubernetesExecutorTest {
  static final String NS = "work";
  static final Map<String, String> SECRET = Map.of("AWS_ACCESS_KEY_ID", "AKIAEXECUTORTEST",
      "AWS_SECRET_ACCESS_KEY", "executor-secret-value-xyz");

  KubernetesMockServer server;
  KubernetesClient client;
  FakeJobController controller;
  @TempDir Path tmp;

  @BeforeEach
  void start() {
    controller = new FakeJobController(server, client, NS);
  }

  @AfterEach
  void stop() {
    controller.close();
  }

  private KubernetesExecutor executor(Map<String, String> cfg) throws Exception {
    Map<String, String> s = new java.util.HashMap<>(Map.of("namespace", NS, "image", "busybox:1",
        "poll_interval", "50ms"));
    s.putAll(cfg);
    return new KubernetesExecutor(client, KubernetesSettings.from(s), () -> SECRET,
        Map.of("AWS_ENDPOINT_URL", "http://s3.example:9000"));
  }

  private JobSpec spec(String name, List<String> argv) {
    return new JobSpec(name, argv, Map.of("PIPELINE_FAMILY", "Train", "PIPELINE_RUN_ID", "r1",
        "PIPELINE_TASK_DIGEST", "abc"), tmp, tmp.resolve(name + ".log"), null, null);
  }

  private JobStatus awaitFinal(KubernetesExecutor ex, JobHandle h) throws InterruptedException {
    JobStatus[] last = new JobStatus[1];
    assertTrue(Processes.await(Duration.ofSeconds(20), () -> {
      last[0] = ex.poll(List.of(h)).get(h);
      return last[0].state().isFinal();
    }), "job never finished");
    return last[0];
  }

  private boolean gone(String job) {
    return client.batch().v1().jobs().inNamespace(NS).withName(job).get() == null
        && client.secrets().inNamespace(NS).withName(job + "-s3").get() == null;
  }

  @Test
  void jobSpec_comesFromTheTemplate_withResourcesLabelsAndSecretByReferenceOnly() throws Exception {
    KubernetesExecutor ex = executor(Map.of("gpus", "2", "cpu", "4", "memory", "16Gi",
        "node_selector", "nvidia.com/gpu.product=A100, zone=a", "service_account", "trainer",
        "backoff_limit", "1", "active_deadline", "2h"));
    JobHandle h = ex.submit(spec("pl-train-spec", List.of("hold")));
    Job job = client.batch().v1().jobs().inNamespace(NS).withName("pl-train-spec").get();
    var pod = job.getSpec().getTemplate().getSpec();
    var c = pod.getContainers().get(0);
    assertEquals("busybox:1", c.getImage());
    assertEquals(List.of("hold"), c.getCommand());
    assertEquals("2", c.getResources().getLimits().get("nvidia.com/gpu").getAmount());
    assertEquals("4", c.getResources().getLimits().get("cpu").getAmount());
    assertEquals("16", c.getResources().getLimits().get("memory").getAmount());
    assertEquals(Map.of("nvidia.com/gpu.product", "A100", "zone", "a"), pod.getNodeSelector());
    assertEquals("trainer", pod.getServiceAccountName());
    assertEquals("Never", pod.getRestartPolicy());
    assertEquals(1, job.getSpec().getBackoffLimit());
    assertEquals(7200L, job.getSpec().getActiveDeadlineSeconds());
    assertEquals("pipeline", job.getMetadata().getLabels().get(KubernetesExecutor.MANAGED_BY));
    assertEquals("Train", job.getMetadata().getLabels().get(KubernetesExecutor.FAMILY_LABEL));
    assertEquals("r1", job.getMetadata().getLabels().get(KubernetesExecutor.RUN_LABEL));
    assertEquals("pl-train-spec-s3", c.getEnvFrom().get(0).getSecretRef().getName());
    String manifest = client.getKubernetesSerialization().asYaml(job);
    for (String secret : SECRET.values()) {
      assertFalse(manifest.contains(secret), "secret value in the Job manifest");
    }
    assertTrue(manifest.contains("http://s3.example:9000"));
    assertEquals(86400, job.getSpec().getTtlSecondsAfterFinished());
    var secret = client.secrets().inNamespace(NS).withName("pl-train-spec-s3").get();
    assertEquals("Job", secret.getMetadata().getOwnerReferences().get(0).getKind());
    assertEquals(job.getMetadata().getUid(), secret.getMetadata().getOwnerReferences().get(0).getUid());
    ex.kill(List.of(h));
    assertTrue(gone("pl-train-spec"));
  }

  @Test
  void success_streamsThePodLogIntoTheTaskLog_andDeletesJobAndSecret() throws Exception {
    KubernetesExecutor ex = executor(Map.of());
    JobHandle h = ex.submit(spec("pl-echo", List.of("sh", "-c", "echo hello from the pod")));
    JobStatus s = awaitFinal(ex, h);
    assertEquals(JobState.SUCCEEDED, s.state());
    String log = Files.readString(tmp.resolve("pl-echo.log"));
    assertTrue(log.contains("hello from the pod"), log);
    assertTrue(gone("pl-echo"), "Job and Secret deleted");
    assertEquals(SECRET, controller.secretsSeen.get("pl-echo-s3"), "the pod got the credentials");
    for (String secret : SECRET.values()) {
      assertFalse(log.contains(secret));
    }
  }

  @Test
  void failure_reportsTheExitCodeAndReason_andDeletesJobAndSecret() throws Exception {
    KubernetesExecutor ex = executor(Map.of());
    JobHandle h = ex.submit(spec("pl-fail", List.of("sh", "-c", "echo diverged; exit 3")));
    JobStatus s = awaitFinal(ex, h);
    assertEquals(JobState.FAILED, s.state());
    assertEquals(3, s.exitCode());
    assertTrue(s.detail().contains("BackoffLimitExceeded"), s.detail());
    assertTrue(Files.readString(tmp.resolve("pl-fail.log")).contains("diverged"));
    assertTrue(gone("pl-fail"));
  }

  @Test
  void oneListPerNamespace_forAllJobs() throws Exception {
    KubernetesExecutor ex = executor(Map.of());
    List<JobHandle> hs = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      hs.add(ex.submit(spec("pl-many-" + i, List.of("hold"))));
    }
    for (int i = 0; i < 5; i++) {
      controller.awaitActive("pl-many-" + i);
    }
    int before = server.getRequestCount();
    Map<JobHandle, JobStatus> st = ex.poll(hs);
    assertEquals(1, server.getRequestCount() - before, "one list call for five jobs");
    st.values().forEach(v -> assertFalse(v.state().isFinal(), v.toString()));
    ex.kill(hs);
    for (int i = 0; i < 5; i++) {
      assertTrue(gone("pl-many-" + i));
    }
  }

  @Test
  void restart_reattachesToTheRunningJob_insteadOfSubmittingAnother() throws Exception {
    KubernetesExecutor first = executor(Map.of());
    first.submit(spec("pl-long", List.of("hold")));
    // the engine dies here; a new one starts and submits the same task
    KubernetesExecutor second = executor(Map.of());
    KubernetesExecutor.Handle h = (KubernetesExecutor.Handle) second.submit(spec("pl-long", List.of("hold")));
    assertTrue(h.reattached());
    assertEquals(1, controller.created.size(), "no second Job");
    controller.complete("pl-long", 0, "done after restart\n");
    assertEquals(JobState.SUCCEEDED, awaitFinal(second, h).state());
    assertTrue(Files.readString(tmp.resolve("pl-long.log")).contains("done after restart"));
    assertTrue(gone("pl-long"));
  }

  @Test
  void aFinishedJobOfAnEarlierRun_isReplaced() throws Exception {
    KubernetesExecutor ex = executor(Map.of("keep_jobs", "true"));
    JobHandle h = ex.submit(spec("pl-again", List.of("sh", "-c", "exit 1")));
    assertEquals(JobState.FAILED, awaitFinal(ex, h).state());
    assertTrue(client.batch().v1().jobs().inNamespace(NS).withName("pl-again").get() != null, "kept");
    assertNull(client.secrets().inNamespace(NS).withName("pl-again-s3").get(), "secret deleted anyway");
    KubernetesExecutor.Handle again = (KubernetesExecutor.Handle) ex.submit(spec("pl-again", List.of("sh", "-c", "exit 0")));
    assertFalse(again.reattached());
    assertEquals(JobState.SUCCEEDED, awaitFinal(ex, again).state());
  }

  @Test
  void jobName_isDns1123AndStable() {
    String n = KubernetesExecutor.jobName("Train_Remote.With-A-Very-Long-Family-Name-That-Goes-On", "0123456789ABCDEF");
    assertTrue(n.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?") && n.length() <= 63, n);
    assertEquals(n, KubernetesExecutor.jobName("Train_Remote.With-A-Very-Long-Family-Name-That-Goes-On", "0123456789ABCDEF"));
  }
}
