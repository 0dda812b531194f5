package dev.pipeline.api.targets.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.pipeline.engine.testing.S3Server;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Throttling and 5xx answers are retried with backoff; a persistent error ends in one line. */
class S3RetryTest {
  HttpServer http;
  final AtomicInteger requests = new AtomicInteger();
  volatile int failFirst;
  volatile int failStatus = 503;

  @BeforeEach
  void start() throws IOException {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/", ex -> {
      int n = requests.incrementAndGet();
      if (n <= failFirst) {
        byte[] body = ("<Error><Code>" + (failStatus == 503 ? "SlowDown" : "InternalError")
            + "</Code><Message>try later</Message></Error>").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/xml");
        ex.sendResponseHeaders(failStatus, "HEAD".equals(ex.getRequestMethod()) ? -1 : body.length);
        if (!"HEAD".equals(ex.getRequestMethod())) {
          ex.getResponseBody().write(body);
        }
      } else {
        ex.getResponseHeaders().add("ETag", "\"abc\"");
        ex.getResponseHeaders().add("Content-Length", "1");
        ex.sendResponseHeaders(200, -1);
      }
      ex.close();
    });
    http.start();
  }

  @AfterEach
  void stop() {
    http.stop(0);
  }

  private S3Store store(int attempts) {
    S3Settings s = new S3Settings(URI.create("http://127.0.0.1:" + http.getAddress().getPort()),
        "us-east-1", true, attempts, S3Settings.DEFAULT_MULTIPART);
    return new S3Store(s, () -> S3Clients.create(s, S3Server.credentials()));
  }

  @Test
  void throttlingIsRetried() {
    failFirst = 2;
    assertTrue(store(5).file("s3://bucket/a/b.txt").exists());
    assertEquals(3, requests.get(), "two throttled answers, then success");
  }

  @Test
  void serverErrorsAreRetried() {
    failFirst = 2;
    failStatus = 500;
    assertTrue(store(5).file("s3://bucket/a/b.txt").exists());
    assertEquals(3, requests.get());
  }

  @Test
  void persistentErrors_giveUpAfterTheConfiguredAttempts_inOneLine() {
    failFirst = 100;
    failStatus = 500;
    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> store(3).file("s3://bucket/a/b.txt").exists());
    assertEquals(3, requests.get());
    assertTrue(e.getCause().getMessage().contains("s3://bucket/a/b.txt"), e.getCause().getMessage());
    assertFalse(e.getCause().getMessage().contains("\n"));
    assertFalse(e.getCause().getMessage().contains(S3Server.SECRET_KEY));
  }
}
