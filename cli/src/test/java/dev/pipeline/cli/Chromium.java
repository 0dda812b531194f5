package dev.pipeline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real headless Chromium driven over the DevTools protocol (a WebSocket from the JDK's HTTP
 * client; no driver library): navigate, evaluate JavaScript, screenshot, and every request the
 * page made. {@link #path()} says whether Chromium is installed, for tests to skip without it.
 */
final class Chromium implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();

  /** The chromium binary on PATH, or null. */
  static Path path() {
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
        Path p = Path.of(dir, name);
        if (!dir.isEmpty() && Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return null;
  }

  Chromium() throws Exception {
    profile = Files.createTempDirectory("chromium-profile");
    process = new ProcessBuilder(path().toString(), "--headless=new", "--no-sandbox",
        "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--remote-debugging-port=0",
        "--remote-allow-origins=*", "--user-data-dir=" + profile, "--window-size=1400,1000",
        "about:blank").redirectErrorStream(true).start();
    String browserUrl = awaitListening();
    String port = URI.create(browserUrl).getPort() + "";
    HttpClient http = HttpClient.newHttpClient();
    String pageUrl = null;
    for (int i = 0; i < 100 && pageUrl == null; i++) {
      JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
          HttpResponse.BodyHandlers.ofString()).body());
      for (JsonNode t : targets) {
        if ("page".equals(t.path("type").asText())) {
          pageUrl = t.path("webSocketDebuggerUrl").asText();
        }
      }
      if (pageUrl == null) {
        Thread.sleep(100);
      }
    }
    socket = http.newWebSocketBuilder().buildAsync(URI.create(pageUrl), new Listener())
        .get(30, TimeUnit.SECONDS);
    call("Page.enable", Map.of());
    call("Network.enable", Map.of());
  }

  private String awaitListening() throws IOException {
    BufferedReader out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "chromium-output");
        drain.setDaemon(true);
        drain.start();
        return m.group(1);
      }
    }
    throw new IOException("chromium exited before it listened");
  }

  /** Sends a DevTools command and waits for its result. */
  JsonNode call(String method, Map<String, Object> params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> result = new CompletableFuture<>();
    pending.put(id, result);
    ObjectNode message = JSON.createObjectNode();
    message.put("id", id);
    message.put("method", method);
    message.set("params", JSON.valueToTree(params));
    socket.sendText(JSON.writeValueAsString(message), true).get(30, TimeUnit.SECONDS);
    JsonNode response = result.get(60, TimeUnit.SECONDS);
    if (response.has("error")) {
      throw new IllegalStateException(method + ": " + response.get("error"));
    }
    return response.path("result");
  }

  void navigate(String url) throws Exception {
    call("Page.navigate", Map.of("url", url));
  }

  /** Cuts the page off the network (requests fail at once). */
  void offline() throws Exception {
    call("Network.emulateNetworkConditions", Map.of("offline", true, "latency", 0,
        "downloadThroughput", -1, "uploadThroughput", -1));
  }

  /** The value of a JavaScript expression (awaited when it is a promise). */
  JsonNode eval(String expression) throws Exception {
    JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
        "awaitPromise", true));
    if (r.has("exceptionDetails")) {
      throw new IllegalStateException(expression + ": " + r.get("exceptionDetails"));
    }
    return r.path("result").path("value");
  }

  /** Waits until the expression is true. */
  void await(String what, String expression, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!eval("!!(" + expression + ")").asBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + " (" + expression + ")");
      }
      Thread.sleep(100);
    }
  }

  static void awaitCondition(String what, BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  void screenshot(Path file) throws Exception {
    JsonNode shot = call("Page.captureScreenshot", Map.of("format", "png"));
    Files.createDirectories(file.getParent());
    Files.write(file, Base64.getDecoder().decode(shot.path("data").asText()));
  }

  /** Every URL the page asked for since it was opened. */
  List<String> requests() {
    return new ArrayList<>(requests);
  }

  @Override
  public void close() throws Exception {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // closing anyway
    }
    // Chromium's own helper processes (renderer, GPU, zygote) write to the profile too: stop
    // each of them, by its id, and wait for them before the profile goes.
    List<ProcessHandle> helpers = process.toHandle().descendants().toList();
    process.destroy();
    helpers.forEach(ProcessHandle::destroy);
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    for (ProcessHandle h : helpers) {
      try {
        h.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        h.destroyForcibly();
      }
    }
    deleteTree(profile);
  }

  /** Deletes a directory tree; files that vanish meanwhile are no error. */
  private static void deleteTree(Path root) throws IOException {
    Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
      @Override
      public java.nio.file.FileVisitResult visitFile(Path file,
          java.nio.file.attribute.BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return java.nio.file.FileVisitResult.CONTINUE;
      }

      @Override
      public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) {
        return java.nio.file.FileVisitResult.CONTINUE;
      }

      @Override
      public java.nio.file.FileVisitResult postVisitDirectory(Path dir, IOException e)
          throws IOException {
        try {
          Files.deleteIfExists(dir);
        } catch (java.nio.file.DirectoryNotEmptyException late) {
          // a file written after the walk passed: left for the system's temporary cleanup
        }
        return java.nio.file.FileVisitResult.CONTINUE;
      }
    });
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        try {
          JsonNode message = JSON.readTree(text);
          if (message.has("id")) {
            CompletableFuture<JsonNode> f = pending.remove(message.get("id").asInt());
            if (f != null) {
              f.complete(message);
            }
          } else if ("Network.requestWillBeSent".equals(message.path("method").asText())) {
            requests.add(message.path("params").path("request").path("url").asText());
          }
        } catch (IOException e) {
          // not JSON: ignore
        }
      }
      ws.request(1);
      return null;
    }
  }
}
