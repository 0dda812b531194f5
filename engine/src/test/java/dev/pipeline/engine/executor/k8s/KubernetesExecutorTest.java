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
import dev.pipeline.engine.testing.MockCluster;
import dev.pipeline.engine.testing.TcpProxy;
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
@Timeout(60)
class KubernetesExecutorTest {
  static final String NS = "work";
  static final Map<String, String> SECRET = Map.of("AWS_ACCESS_KEY_ID", "AKIAEXECUTORTEST",
      "AWS_SECRET_ACCESS_KEY", "executor-secret-value-xyz");

  MockCluster cluster;
  KubernetesClient client;
  FakeJobController controller;
  @TempDir Path tmp;

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

  private KubernetesExecutor executor(Map<String, String> cfg) throws Exception {
    return executor(client, cfg);
  }

  private KubernetesExecutor executor(KubernetesClient client, Map<String, String> cfg) throws Exception {
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
  void manyJobs_followedByOneWatchPerNamespace_pollsMakeNoJobRequests() throws Exception {
    int n = 20;
    KubernetesExecutor ex = executor(Map.of());
    List<JobHandle> hs = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      hs.add(ex.submit(spec("pl-many-" + i, List.of("hold"))));
    }
    for (int i = 0; i < n; i++) {
      controller.awaitActive("pl-many-" + i);
    }
    assertTrue(Processes.await(Duration.ofSeconds(10), () -> ex.poll(hs).values().stream()
        .allMatch(v -> v.state() == JobState.RUNNING)), "all running");
    long jobCallsBefore = cluster.count("GET", "/apis/batch/v1/namespaces/work/jobs");
    for (int round = 0; round < 10; round++) {
      Map<JobHandle, JobStatus> st = ex.poll(hs);
      assertEquals(n, st.size());
      st.values().forEach(v -> assertEquals(JobState.RUNNING, v.state(), v.toString()));
    }
    assertEquals(jobCallsBefore, cluster.count("GET", "/apis/batch/v1/namespaces/work/jobs"),
        "ten polls of " + n + " jobs made no Job request");
    String selector = "labelSelector=app.kubernetes.io%2Fmanaged-by%3Dpipeline";
    assertEquals(1, cluster.count("GET", "/apis/batch/v1/namespaces/work/jobs?", selector, "watch=true"),
        "one Job watch for the namespace: " + cluster.requests);
    assertEquals(1, cluster.count("GET", "/api/v1/namespaces/work/pods?", selector, "watch=true"),
        "one pod watch for the namespace");
    ex.kill(hs);
    for (int i = 0; i < n; i++) {
      assertTrue(gone("pl-many-" + i));
    }
    ex.close();
  }

  @Test
  void theWatchDrops_aJobThatEndedMeanwhileIsStillSeenToEnd() throws Exception {
    try (TcpProxy proxy = new TcpProxy(cluster.port())) {
      KubernetesClient viaProxy = cluster.clientVia(proxy.port());
      KubernetesExecutor ex = executor(viaProxy, Map.of());
      JobHandle h = ex.submit(spec("pl-drop", List.of("hold")));
      controller.awaitActive("pl-drop");
      assertTrue(Processes.await(Duration.ofSeconds(10), () -> ex.poll(List.of(h)).get(h).state() == JobState.RUNNING));
      proxy.refuse(true);
      proxy.drop(); // the watch connection breaks; reconnecting fails for now
      controller.complete("pl-drop", 0, "finished while the engine was cut off\n");
      // status queries fail meanwhile: the job counts as still alive, not as lost
      try {
        assertFalse(ex.poll(List.of(h)).get(h).state().isFinal());
      } catch (RuntimeException expected) {
        // what JobMonitor sees as a failed status query, retried next interval
      }
      proxy.refuse(false);
      assertEquals(JobState.SUCCEEDED, awaitFinal(ex, h).state());
      assertTrue(cluster.count("GET", "/apis/batch/v1/namespaces/work/jobs?", "watch=true") >= 2,
          "listed and watched again after the drop: " + cluster.requests);
      assertTrue(Files.readString(tmp.resolve("pl-drop.log")).contains("finished while the engine was cut off"));
      assertTrue(gone("pl-drop"));
      ex.close();
    }
  }

  @Test
  void podLog_reachesTheTaskLogWhileTheJobRuns() throws Exception {
    KubernetesExecutor ex = executor(Map.of());
    JobHandle h = ex.submit(spec("pl-live", List.of("hold")));
    Path log = tmp.resolve("pl-live.log");
    controller.log("pl-live", "epoch 1 loss 0.69\n");
    assertTrue(Processes.await(Duration.ofSeconds(10), () -> Files.exists(log)
        && read(log).contains("epoch 1 loss 0.69")), "first line in the task log");
    assertEquals(JobState.RUNNING, ex.poll(List.of(h)).get(h).state(), "the Job is still running");
    controller.log("pl-live", "epoch 2 loss 0.41\n");
    assertTrue(Processes.await(Duration.ofSeconds(10), () -> read(log).contains("epoch 2 loss 0.41")));
    assertEquals(JobState.RUNNING, ex.poll(List.of(h)).get(h).state());
    controller.complete("pl-live", 0, "saved model\nno newline at the end");
    assertEquals(JobState.SUCCEEDED, awaitFinal(ex, h).state());
    String text = Files.readString(log);
    assertEquals(1, count(text, "epoch 1 loss 0.69"), text);
    assertEquals(1, count(text, "epoch 2 loss 0.41"), text);
    assertTrue(text.indexOf("epoch 2") < text.indexOf("saved model"), text);
    assertTrue(text.contains("no newline at the end\n"), text);
    assertFalse(text.matches("(?s).*\\d{4}-\\d\\d-\\d\\dT\\d\\d:.*"), "timestamps stripped: " + text);
    assertTrue(gone("pl-live"));
  }

  @Test
  void aPodRetriedUnderBackoffLimit_hasItsLogAppendedAfterAMarker() throws Exception {
    KubernetesExecutor ex = executor(Map.of("backoff_limit", "1"));
    JobHandle h = ex.submit(spec("pl-retry", List.of("hold")));
    controller.log("pl-retry", "first try\n");
    String second = controller.retry("pl-retry", 137, "killed: out of memory\n");
    controller.log("pl-retry", "second try\n");
    Path log = tmp.resolve("pl-retry.log");
    assertTrue(Processes.await(Duration.ofSeconds(10), () -> Files.exists(log)
        && read(log).contains("second try")), "the second pod's log followed");
    controller.complete("pl-retry", 0, "done\n");
    assertEquals(JobState.SUCCEEDED, awaitFinal(ex, h).state());
    String text = Files.readString(log);
    assertTrue(text.indexOf("first try") < text.indexOf("killed: out of memory"), text);
    assertTrue(text.indexOf("killed: out of memory") < text.indexOf("---- pod " + second + " (attempt 2) ----"), text);
    assertTrue(text.indexOf("(attempt 2) ----") < text.indexOf("second try"), text);
    assertEquals(1, count(text, "first try"), text);
    assertTrue(text.endsWith("done\n"), text);
  }

  @Test
  void aJobDeletedBehindTheEnginesBack_isLost_andItsLogIsNoLongerFollowed() throws Exception {
    KubernetesExecutor ex = executor(Map.of());
    JobHandle h = ex.submit(spec("pl-gone", List.of("hold")));
    controller.log("pl-gone", "working\n");
    Path log = tmp.resolve("pl-gone.log");
    assertTrue(Processes.await(Duration.ofSeconds(10), () -> read(log).contains("working")));
    client.batch().v1().jobs().inNamespace(NS).withName("pl-gone").delete(); // kubectl delete job
    client.pods().inNamespace(NS).withLabel("job-name", "pl-gone").delete();
    JobStatus s = awaitFinal(ex, h);
    assertEquals(JobState.LOST, s.state());
    assertTrue(s.detail().contains("disappeared"), s.detail());
    int requests = cluster.logs.requests("pl-gone-abcde");
    Thread.sleep(300);
    assertEquals(requests, cluster.logs.requests("pl-gone-abcde"), "no more log requests");
    assertTrue(gone("pl-gone"), "Secret deleted too");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
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
  void restart_theReattachedEngine_goesOnWithThePodLogWhereTheTaskLogStopped() throws Exception {
    KubernetesExecutor first = executor(cluster.server.createClient(), Map.of());
    first.submit(spec("pl-resume", List.of("hold")));
    controller.log("pl-resume", "epoch 1 loss 0.69\n");
    Path log = tmp.resolve("pl-resume.log");
    Path cursor = PodLogCursor.fileOf(log);
    assertTrue(Processes.await(Duration.ofSeconds(10), () -> read(log).contains("epoch 1")));
    first.close(); // the engine goes away; the Job runs on
    assertTrue(Processes.await(Duration.ofSeconds(10), () -> read(cursor).matches("pl-resume-\\S+ 20\\S+Z\n")),
        "the position of the pod's log saved: " + read(cursor));
    controller.log("pl-resume", "epoch 2 loss 0.41\n");
    KubernetesExecutor second = executor(Map.of());
    KubernetesExecutor.Handle h = (KubernetesExecutor.Handle) second.submit(spec("pl-resume", List.of("hold")));
    assertTrue(h.reattached());
    controller.complete("pl-resume", 0, "done\n");
    assertEquals(JobState.SUCCEEDED, awaitFinal(second, h).state());
    String text = Files.readString(log);
    assertEquals(1, count(text, "epoch 1 loss 0.69"), text);
    assertEquals(1, count(text, "epoch 2 loss 0.41"), text);
    assertTrue(text.indexOf("(attempt 1, continued) ----") < text.indexOf("epoch 2"), text);
    assertTrue(text.endsWith("done\n"), text);
    assertFalse(Files.exists(cursor), "the position goes with the Job");
    assertTrue(gone("pl-resume"));
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
