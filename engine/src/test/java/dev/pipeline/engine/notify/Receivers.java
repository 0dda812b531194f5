package dev.pipeline.engine.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** Real receivers for the notification tests: JDK HTTP servers and a TLS key made by keytool. */
final class Receivers {
  private Receivers() {}

  /** An HTTP server on a free loopback port that answers {@code status} (or never, for 0). */
  static final class Hook implements AutoCloseable {
    final HttpServer server;
    final List<String> bodies = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);

    Hook(int status) throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setExecutor(Executors.newCachedThreadPool());
      server.createContext("/", exchange -> {
        try (InputStream in = exchange.getRequestBody()) {
          bodies.add(new String(in.readAllBytes(), StandardCharsets.UTF_8)
              + " content-type=" + exchange.getRequestHeaders().getFirst("Content-Type"));
        }
        if (status == 0) { // hang: never answer
          try {
            released.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        exchange.sendResponseHeaders(status == 0 ? 200 : status, -1);
        exchange.close();
      });
      server.start();
    }

    /** The hook's URL: a path with a token in it, as Slack's and Mattermost's have. */
    String url(String token) {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/" + token;
    }

    @Override
    public void close() {
      released.countDown();
      server.stop(0);
      ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
  }

  /**
   * A key pair and self-signed certificate for localhost and 127.0.0.1 made by the JDK's keytool
   * (a real process); {@code certificate} is its PEM export, for {@code smtp_ca}.
   */
  record TlsKey(SSLContext context, Path certificate) {
    static TlsKey create(Path dir) throws Exception {
      Path store = dir.resolve("smtp.p12");
      Path pem = dir.resolve("smtp-ca.pem");
      String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
      run(keytool, "-genkeypair", "-alias", "smtp", "-keyalg", "RSA", "-keysize", "2048",
          "-dname", "CN=localhost", "-ext", "san=dns:localhost,ip:127.0.0.1", "-validity", "2",
          "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit");
      run(keytool, "-exportcert", "-rfc", "-alias", "smtp", "-keystore", store.toString(),
          "-storepass", "changeit", "-file", pem.toString());
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        ks.load(in, "changeit".toCharArray());
      }
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, "changeit".toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, null);
      return new TlsKey(context, pem);
    }

    private static void run(String... command) throws IOException, InterruptedException {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new UncheckedIOException(new IOException(String.join(" ", command) + ": " + out));
      }
    }
  }
}
