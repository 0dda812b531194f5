package dev.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pipeline run} with a {@code [notify]} section, as a real process: a webhook that answers
 * 500, one that never answers and an SMTP server with AUTH. The run ends on time with exit 3, the
 * mail arrives, and neither the webhook token nor the password appears in the output, the logs or
 * the journal.
 */
class NotifyCliTest {
  private static final String TOKEN = "T0ken-9f8e7d6c5b4a-secret";
  private static final String PASSWORD = "pa55-word-secret-42";

  @RegisterExtension
  static final GreenMailExtension MAIL = new GreenMailExtension(
      new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
      .withConfiguration(GreenMailConfiguration.aConfig().withUser("ops@example.org", "ops", PASSWORD));

  @TempDir Path tmp;

  @Test
  void failingAndHangingHooks_runEndsOnTimeWithExit3_noSecretAnywhere() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<String> paths = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", exchange -> {
      paths.add(exchange.getRequestURI().getPath());
      exchange.getRequestBody().readAllBytes();
      if (exchange.getRequestURI().getPath().startsWith("/hang/")) {
        try {
          release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      exchange.sendResponseHeaders(500, -1);
      exchange.close();
    });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      Path home = Shell.pipelineHome(tmp.resolve("home"), null);
      Path run = Files.createDirectories(tmp.resolve("run"));
      Files.writeString(run.resolve("notify.cfg"), """
          [FanLeaf]
          command = bash -c 'test "$$1" != 1 && echo "$$1" > "$$2"' _ {i} {output}

          [notify]
          on = failure, task-failure
          webhook = ${HOOK_500}, ${HOOK_HANG}
          timeout = 4s
          smtp_host = 127.0.0.1
          smtp_port = %d
          smtp_security = none
          smtp_user = ops
          smtp_password_env = OPS_MAIL_PASSWORD
          mail_from = pipeline@example.org
          mail_to = ops@example.org
          """.formatted(MAIL.getSmtp().getPort()));
      long start = System.nanoTime();
      Shell.Result r = Shell.run(run, Map.of("HOOK_500", base + "/fail/" + TOKEN,
              "HOOK_HANG", base + "/hang/" + TOKEN, "OPS_MAIL_PASSWORD", PASSWORD),
          home.resolve("bin/pipeline").toString(), "run", "Fan", "--n", "3", "--out",
          run.resolve("out").toString(), "--config", "notify.cfg", "--run-dir", run.toString());
      long millis = (System.nanoTime() - start) / 1_000_000;

      assertEquals(3, r.exitCode(), r.stdout() + r.stderr());
      assertTrue(millis < 20_000, "took " + millis + " ms");
      assertTrue(MAIL.waitForIncomingEmail(5_000, 2), "a task-failure and a run-failure mail; " + r.stderr());
      assertEquals(List.of("/fail/" + TOKEN, "/hang/" + TOKEN), paths.stream().sorted().distinct().toList());
      assertTrue(r.stderr().contains("notification to webhook " + base + "/… failed: IOException"
          + " (answered HTTP 500)"), r.stderr());
      assertTrue(r.stderr().contains("notification to webhook " + base + "/… "), r.stderr());

      for (String secret : List.of(TOKEN, PASSWORD)) {
        assertFalse(r.stdout().contains(secret), "stdout: " + r.stdout());
        assertFalse(r.stderr().contains(secret), "stderr: " + r.stderr());
        try (Stream<Path> files = Files.walk(run.resolve(".pipeline"))) {
          for (Path f : files.filter(Files::isRegularFile).toList()) {
            assertFalse(Files.readString(f).contains(secret), secret + " in " + f);
          }
        }
      }
    } finally {
      release.countDown();
      server.stop(0);
    }
  }
}
