package dev.pipeline.engine.executor.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.pipeline.engine.testing.Processes;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The log request the follower makes, against a server that really streams (the fabric8 mock
 * answers a request with one whole body): a line reaches the task log while the stream is still
 * open, and a resumed request asks for the lines since the last one's second.
 */
@Timeout(30)
class PodLogStreamTest {
  private HttpServer server;
  private KubernetesClient client;
  private final List<String> queries = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/api/v1/namespaces/work/pods/p1/log", exchange -> {
      queries.add(URLDecoder.decode(exchange.getRequestURI().getRawQuery(), StandardCharsets.UTF_8));
      exchange.sendResponseHeaders(200, 0); // chunked: the body is written as the container runs
      try (OutputStream body = exchange.getResponseBody()) {
        body.write("2026-01-01T10:00:00.100000000Z epoch 1 loss 0.69\n".getBytes(StandardCharsets.UTF_8));
        body.flush();
        release.await(20, TimeUnit.SECONDS);
        body.write("2026-01-01T10:00:01.200000000Z epoch 2 loss 0.41\n".getBytes(StandardCharsets.UTF_8));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    // fabric8 looks the pod up before opening its log, even with no ready-wait
    server.createContext("/api/v1/namespaces/work/pods", exchange -> {
      byte[] list = "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{},\"items\":[]}"
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, list.length);
      exchange.getResponseBody().write(list);
      exchange.close();
    });
    server.start();
    client = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
        .withMasterUrl("http://127.0.0.1:" + server.getAddress().getPort()).withRequestRetryBackoffLimit(0)
        .build()).build();
  }

  @AfterEach
  void stop() {
    release.countDown();
    client.close();
    server.stop(0);
  }

  @Test
  void aLineArrivesWhileTheStreamIsOpen_andTheRestWhenItEnds() throws Exception {
    ByteArrayOutputStream taskLog = new ByteArrayOutputStream();
    TimestampedLogSink sink = new TimestampedLogSink(taskLog, null);
    LogWatch watch = PodLogFollower.follow(client, "work", "p1", null, sink);
    try {
      assertTrue(Processes.await(Duration.ofSeconds(10), () -> taskLog.toString(StandardCharsets.UTF_8)
          .contains("epoch 1 loss 0.69")), "the first line before the stream ended");
      assertEquals("epoch 1 loss 0.69\n", taskLog.toString(StandardCharsets.UTF_8));
      release.countDown(); // the container writes its last line and exits
      assertNull(watch.onClose().toCompletableFuture().get(10, TimeUnit.SECONDS), "ended without error");
    } finally {
      watch.close();
    }
    assertEquals("epoch 1 loss 0.69\nepoch 2 loss 0.41\n", taskLog.toString(StandardCharsets.UTF_8));
    assertTrue(queries.get(0).contains("follow=true") && queries.get(0).contains("timestamps=true"), queries.get(0));
  }

  @Test
  void aResumedRequest_asksSinceTheLastLinesSecond() throws Exception {
    release.countDown();
    LogWatch watch = PodLogFollower.follow(client, "work", "p1", Instant.parse("2026-01-01T10:00:00.100Z"),
        new ByteArrayOutputStream());
    watch.onClose().toCompletableFuture().get(10, TimeUnit.SECONDS);
    watch.close();
    assertTrue(queries.get(0).contains("sinceTime=2026-01-01T10:00:00Z"), queries.get(0));
  }
}
