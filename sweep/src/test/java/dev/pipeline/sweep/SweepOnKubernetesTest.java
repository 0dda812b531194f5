package dev.pipeline.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.engine.testing.FakeJobController;
import dev.pipeline.engine.testing.MockCluster;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --executor kubernetes}: each point runs as a Kubernetes Job (fabric8 CRUD mock; the fake
 * controller runs the pod's {@code pipeline run SweepPoint --plan ... --name ...} as a local JVM),
 * set up from the cfg's {@code [kubernetes]} section exactly as for any family.
 */
@Timeout(180)
class SweepOnKubernetesTest {
  private static final List<String> PROPERTIES = List.of("kubernetes.master",
      "kubernetes.trust.certificates", "kubernetes.disable.hostname.verification",
      "kubernetes.auth.tryKubeConfig", "kubernetes.auth.tryServiceAccount", "aws.accessKeyId",
      "aws.secretAccessKey");

  MockCluster cluster = new MockCluster();
  KubernetesClient client = cluster.client;
  @TempDir Path tmp;

  @BeforeEach
  void pointTheDefaultClientAtTheMock() {
    // The sweep builds its client as in production (KubernetesClientBuilder); these make it the mock's.
    System.setProperty("kubernetes.master", client.getMasterUrl().toString());
    System.setProperty("kubernetes.trust.certificates", "true");
    System.setProperty("kubernetes.disable.hostname.verification", "true");
    System.setProperty("kubernetes.auth.tryKubeConfig", "false");
    System.setProperty("kubernetes.auth.tryServiceAccount", "false");
    System.setProperty("aws.accessKeyId", "sweep-test-key");
    System.setProperty("aws.secretAccessKey", "sweep-test-secret");
  }

  @AfterEach
  void reset() {
    PROPERTIES.forEach(System::clearProperty);
    cluster.close();
  }

  @Test
  void eachPointRunsAsAJob_andRecordsItsOutcome() throws Exception {
    SweepFixture fx = new SweepFixture(tmp);
    Path check = fx.program("check", """
        echo "checking $1 in a pod: ${PIPELINE_IN_KUBERNETES:-no}"
        [ "$1" != bad ] || exit 3""");
    fx.write("params.yaml", "template:\n  run: " + check + " {v}\n---\nv: [a, b, bad]\n");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    SweepArguments o = fx.options();
    o.executor = "kubernetes";
    o.config = fx.write("sweep.cfg", """
        [kubernetes]
        namespace = work
        image = pipeline:test
        poll_interval = 100ms
        launcher = %s -Dpipeline.runDir=%s -XX:TieredStopAtLevel=1 -cp %s %s
        """.formatted(java, tmp.resolve("pod"), System.getProperty("java.class.path"),
        RunTaskMain.class.getName()));
    SweepFixture.Result r;
    List<Job> jobs;
    try (FakeJobController controller = new FakeJobController(cluster, "work")) {
      r = fx.run(o);
      jobs = new ArrayList<>(controller.created);
    }
    assertEquals(3, r.exit(), r.out());
    assertEquals(3, jobs.size(), "one Job per point");
    List<String> command = jobs.get(0).getSpec().getTemplate().getSpec().getContainers().get(0).getCommand();
    String line = String.join(" ", command);
    String task = line.substring(line.indexOf(RunTaskMain.class.getName()));
    assertTrue(task.matches("\\S+ run sweep\\.SweepPoint --dir \\S+/output --name V_a"
        + " --plan \\S+/output/\\.pipeline/sweep/plan-\\S+\\.json --sharedDir false"), task);
    assertEquals("checking a in a pod: 1\n", fx.read("output/V_a/log.run." + SweepFixture.DATETIME));
    Map<?, ?> a = (Map<?, ?>) JsonText.readObject(tmp.resolve("output/V_a/stat.json")).get("run");
    assertEquals(0, ((Number) a.get("code")).intValue(), a.toString());
    Map<?, ?> bad = (Map<?, ?>) JsonText.readObject(tmp.resolve("output/V_bad/stat.json")).get("run");
    assertEquals("exited with code 3", bad.get("error"));
    assertTrue(client.batch().v1().jobs().inNamespace("work").list().getItems().isEmpty(), "no Job left");
  }

  @Test
  void manual_writesOneJobManifestPerPoint_withoutCredentialsOrSubmitting() throws Exception {
    SweepFixture fx = new SweepFixture(tmp);
    fx.write("params.yaml", "template:\n  run: check {v}\n---\nv: [a, b]\n");
    SweepArguments o = fx.options();
    o.manual = true; // and no --executor: the cfg's [core] executor says where points run
    o.config = fx.write("sweep.cfg", """
        [core]
        executor = kubernetes

        [kubernetes]
        namespace = work
        image = registry.example/sweep:1
        gpus = 1
        launcher = pipeline
        """);
    SweepFixture.Result r = fx.run(o);
    assertEquals(0, r.exit(), r.out());
    assertTrue(client.batch().v1().jobs().inNamespace("work").list().getItems().isEmpty(), "nothing submitted");
    assertTrue(client.secrets().inNamespace("work").list().getItems().isEmpty(), "no Secret made");
    assertTrue(r.out().contains("kubectl -n work create secret generic pipeline-sweep-s3"
        + " --from-literal=AWS_ACCESS_KEY_ID=\"$AWS_ACCESS_KEY_ID\""), r.out());
    assertTrue(!r.out().contains("AWS_SESSION_TOKEN"), "no token in this environment: " + r.out());
    assertTrue(r.out().contains("kubectl apply -f output/manual/V_a.job.yaml\n"), r.out());
    assertTrue(r.out().contains("# 2 job file(s) written to "), r.out());
    for (String name : List.of("V_a", "V_b")) {
      String yaml = java.nio.file.Files.readString(tmp.resolve("output/manual/" + name + ".job.yaml"));
      assertTrue(!yaml.contains("sweep-test-key") && !yaml.contains("sweep-test-secret"), yaml);
      Job job = new io.fabric8.kubernetes.client.utils.KubernetesSerialization().unmarshal(yaml, Job.class);
      var container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
      assertEquals("registry.example/sweep:1", container.getImage());
      assertEquals("pipeline-sweep-s3", container.getEnvFrom().get(0).getSecretRef().getName());
      assertEquals("1", container.getResources().getLimits().get("nvidia.com/gpu").toString());
      String line = String.join(" ", container.getCommand());
      assertTrue(line.matches("pipeline run sweep\\.SweepPoint --dir \\S+/output --name " + name
          + " --plan \\S+/output/\\.pipeline/sweep/plan-\\S+\\.json --sharedDir false"), line);
    }
    assertTrue(!r.out().contains("sweep-test-secret"), r.out());
  }

  @Test
  void manual_withTemporaryCredentials_putsTheSessionTokenInTheSecret() throws Exception {
    SweepFixture fx = new SweepFixture(tmp);
    fx.write("params.yaml", "template:\n  run: check {v}\n---\nv: [a]\n");
    SweepArguments o = fx.options();
    o.manual = true;
    o.executor = "kubernetes";
    o.environment.put("AWS_SESSION_TOKEN", "sweep-test-token");
    o.config = fx.write("sweep.cfg", """
        [kubernetes]
        namespace = work
        image = registry.example/sweep:1
        launcher = pipeline
        """);
    SweepFixture.Result r = fx.run(o);
    assertEquals(0, r.exit(), r.out());
    assertTrue(r.out().contains(" --from-literal=AWS_SECRET_ACCESS_KEY=\"$AWS_SECRET_ACCESS_KEY\""
        + " --from-literal=AWS_SESSION_TOKEN=\"$AWS_SESSION_TOKEN\"\n"), r.out());
    assertTrue(!r.out().contains("sweep-test-token"), "the token itself is never printed: " + r.out());
  }
}
