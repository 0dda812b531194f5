package dev.pipeline.engine.service;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Whether a started service answers yet: {@code tcp}, {@code http:/PATH} or {@code command:...}. */
@FunctionalInterface
interface HealthCheck {
  boolean healthy(String host, int port);

  static HealthCheck parse(String spec) {
    if (spec.equals("tcp")) {
      return HealthCheck::tcp;
    }
    if (spec.startsWith("http:")) {
      String path = spec.substring("http:".length());
      return (host, port) -> http(URI.create("http://" + host + ":" + port + path));
    }
    String[] words = spec.substring("command:".length()).strip().split("\\s+");
    return (host, port) -> command(List.of(words), host, port);
  }

  private static boolean tcp(String host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean http(URI uri) {
    try {
      HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
      c.setConnectTimeout(1000);
      c.setReadTimeout(2000);
      int code = c.getResponseCode();
      c.disconnect();
      return code >= 200 && code < 400;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean command(List<String> words, String host, int port) {
    List<String> argv = words.stream().map(w -> w.replace("{host}", host)
        .replace("{port}", Integer.toString(port))).toList();
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
