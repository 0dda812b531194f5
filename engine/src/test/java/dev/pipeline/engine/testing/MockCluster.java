package dev.pipeline.engine.testing;

import dev.pipeline.engine.executor.k8s.KubernetesAccess;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The fabric8 mock API server in CRUD mode (what {@code @EnableKubernetesMockClient(crud = true)}
 * builds) plus what CRUD mode lacks: pod logs ({@code GET .../pods/POD/log} with timestamps and
 * sinceTime, served from {@link FakePodLogs}), and a record of every request's method and path so
 * tests can count the calls the engine makes.
 *
 * <p>The mock cannot hold a response open, so a follow request returns what the pod has written
 * so far and ends; the engine treats that like a dropped stream and resumes from the last line.
 */
public final class MockCluster implements AutoCloseable {
  public final KubernetesMockServer server;
  public final KubernetesClient client;
  public final FakePodLogs logs = new FakePodLogs();
  /** "GET /apis/batch/v1/...": every request the server answered, in order. */
  public final List<String> requests = new CopyOnWriteArrayList<>();

  public MockCluster() {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    Dispatcher crud = new KubernetesMixedDispatcher(responses);
    server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), responses,
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            requests.add(request.getMethod() + " " + request.getPath());
            MockResponse log = logs.answer(request);
            return log != null ? log : crud.dispatch(request);
          }

          @Override
          public void shutdown() {
            crud.shutdown();
          }
        }, false);
    server.init();
    client = server.createClient();
  }

  /**
   * The engine's way into this cluster: a client of its own for each executor (the executor
   * closes it), {@code secret} as the S3 credentials of every Job's Secret, {@code podEnvironment}
   * for every pod.
   */
  public KubernetesAccess access(Map<String, String> secret, Map<String, String> podEnvironment) {
    return new KubernetesAccess(server::createClient, () -> secret, podEnvironment);
  }

  /**
   * A client of this server through another address (a {@link TcpProxy} in front of it); it
   * does not retry failed requests itself, so a cut connection fails a call at once.
   */
  public KubernetesClient clientVia(int port) {
    Config config = new ConfigBuilder(client.getConfiguration()).withMasterUrl("http://127.0.0.1:" + port)
        .withRequestRetryBackoffLimit(0).build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  public int port() {
    return server.getPort();
  }

  /** How many recorded requests match {@code method} and contain every fragment. */
  public long count(String method, String... fragments) {
    return requests.stream().filter(r -> r.startsWith(method + " "))
        .filter(r -> java.util.Arrays.stream(fragments).allMatch(r::contains)).count();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
