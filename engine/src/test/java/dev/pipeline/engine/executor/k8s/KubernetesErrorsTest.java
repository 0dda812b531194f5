package dev.pipeline.engine.executor.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ServerSocket;
import java.net.URL;
import org.junit.jupiter.api.Test;

class KubernetesErrorsTest {
  @Test
  void anUnreachableServer_isNamedWithTheCauseAndWhatToCheck() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
        .withMasterUrl("https://127.0.0.1:" + port).withRequestRetryBackoffLimit(0).build()).build()) {
      KubernetesClientException e = assertThrows(KubernetesClientException.class,
          () -> client.batch().v1().jobs().inNamespace("work").withName("pl-x").get());
      String line = KubernetesErrors.describe(e, client.getMasterUrl());
      assertTrue(line.startsWith("cannot reach the Kubernetes API server at https://127.0.0.1:" + port
          + "/ (ConnectException"), line);
      assertTrue(line.endsWith("check the kube context: KUBECONFIG, ~/.kube/config, or the service"
          + " account inside a pod"), line);
      assertEquals(1, line.lines().count());
    }
  }

  @Test
  void forbidden_pointsAtTheRbacOfTheUser() throws Exception {
    KubernetesClientException e = new KubernetesClientException("jobs.batch is forbidden", 403, null);
    String line = KubernetesErrors.describe(e, new URL("https://k8s.example:6443"));
    assertTrue(line.startsWith("HTTP 403: jobs.batch is forbidden (check the kube context and the RBAC"), line);
  }
}
