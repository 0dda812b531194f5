package dev.pipeline.engine.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.pipeline.engine.runview.RunCatalog;
import dev.pipeline.engine.runview.RunModel;
import dev.pipeline.engine.runview.TaskView;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * What each address answers, after the checks every request passes: the Host header names this
 * server (a page from another site that rebinds its name to 127.0.0.1 gets nothing), and, with a
 * token, the token (header, cookie, or {@code ?token=} once, which sets the cookie). Everything
 * is read-only except {@code POST /api/stop}, which exists only when enabled and wants the token
 * in a header that other sites' pages cannot send.
 */
final class Routes {
  static final int MAX_STREAMS = 32;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COOKIE = "pipeline_ui";

  private final RunCatalog catalog;
  private final UiOptions options;
  private final Semaphore streams = new Semaphore(MAX_STREAMS);

  Routes(RunCatalog catalog, UiOptions options) {
    this.catalog = catalog;
    this.options = options;
  }

  void handle(HttpExchange x) throws IOException {
    if (!hostAllowed(x)) {
      send(x, 403, "text/plain", "forbidden: unexpected Host header\n");
      return;
    }
    Map<String, String> q = query(x);
    if (options.token() != null && !authorised(x, q)) {
      send(x, 401, "text/plain", "this UI needs its token: open it as /?token=...\n");
      return;
    }
    String path = x.getRequestURI().getPath();
    switch (path) {
      case "/", "/index.html" -> page(x, q);
      case "/app.js" -> send(x, 200, "text/javascript", Assets.own("app.js"));
      case "/dag.js" -> send(x, 200, "text/javascript", Assets.own("dag.js"));
      case "/app.css" -> send(x, 200, "text/css", Assets.own("app.css"));
      case "/vendor/dagre.min.js" -> send(x, 200, "text/javascript", Assets.text(Assets.DAGRE));
      case "/vendor/dagre.LICENSE" -> send(x, 200, "text/plain", Assets.text(Assets.DAGRE_LICENSE));
      case "/api/config" -> json(x, Map.of("stop", options.allowStop()));
      case "/api/runs" -> json(x, ApiViews.runs(catalog));
      case "/api/run" -> withRun(x, q, run -> json(x, ApiViews.run(catalog, run)));
      case "/api/family" -> withRun(x, q, run -> json(x, ApiViews.family(run, q.get("family"),
          q.get("state"), number(q.get("offset"), 0), number(q.get("limit"), 100))));
      case "/api/task" -> withTask(x, q, (run, task) ->
          json(x, ApiViews.task(run, task, catalog.details(run))));
      case "/api/log" -> withTask(x, q, (run, task) ->
          json(x, LogTail.read(task.log(), number(q.get("from"), -1))));
      case "/api/events" -> events(x);
      case "/api/stop" -> stop(x, q);
      default -> send(x, 404, "text/plain", "not found\n");
    }
  }

  private void page(HttpExchange x, Map<String, String> q) throws IOException {
    if (options.token() != null && q.containsKey("token")) {
      x.getResponseHeaders().add("Set-Cookie",
          COOKIE + "=" + options.token() + "; HttpOnly; SameSite=Strict; Path=/");
    }
    send(x, 200, "text/html; charset=utf-8", Assets.own("index.html"));
  }

  /** Tells the page, as server-sent events, each time the runs changed. */
  private void events(HttpExchange x) throws IOException {
    if (!streams.tryAcquire()) {
      send(x, 503, "text/plain", "too many open pages\n");
      return;
    }
    try {
      x.getResponseHeaders().add("Content-Type", "text/event-stream");
      x.getResponseHeaders().add("Cache-Control", "no-store");
      x.sendResponseHeaders(200, 0);
      OutputStream out = x.getResponseBody();
      long seen = Long.MIN_VALUE;
      long quietSince = System.nanoTime();
      while (!Thread.currentThread().isInterrupted()) {
        long version = catalog.version();
        if (version != seen) {
          seen = version;
          out.write(("event: change\ndata: " + version + "\n\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
          quietSince = System.nanoTime();
        } else if (System.nanoTime() - quietSince > 15_000_000_000L) {
          out.write(": still here\n\n".getBytes(StandardCharsets.UTF_8)); // finds closed pages
          out.flush();
          quietSince = System.nanoTime();
        }
        Thread.sleep(UiServer.POLL_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      streams.release();
    }
  }

  private void stop(HttpExchange x, Map<String, String> q) throws IOException {
    if (!options.allowStop()) {
      send(x, 403, "text/plain", "this UI is read-only (start it with --allow-stop)\n");
      return;
    }
    if (!"POST".equals(x.getRequestMethod())
        || !same(x.getRequestHeaders().getFirst("X-Pipeline-Token"), options.token())) {
      send(x, 403, "text/plain", "stop needs POST with the token in X-Pipeline-Token\n");
      return;
    }
    withRun(x, q, run -> json(x, Map.of("stopped", catalog.stop(run))));
  }

  private boolean hostAllowed(HttpExchange x) {
    if (!options.loopback()) {
      return true; // the token guards it
    }
    String host = x.getRequestHeaders().getFirst("Host");
    int port = x.getLocalAddress().getPort();
    return host != null && List.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port)
        .contains(host.toLowerCase());
  }

  private boolean authorised(HttpExchange x, Map<String, String> q) {
    String header = x.getRequestHeaders().getFirst("Authorization");
    if (header != null && header.startsWith("Bearer ") && same(header.substring(7), options.token())) {
      return true;
    }
    String cookies = x.getRequestHeaders().getFirst("Cookie");
    if (cookies != null) {
      for (String c : cookies.split(";\\s*")) {
        if (c.startsWith(COOKIE + "=") && same(c.substring(COOKIE.length() + 1), options.token())) {
          return true;
        }
      }
    }
    return same(q.get("token"), options.token());
  }

  /** Constant-time comparison, so that response times do not reveal the token. */
  private static boolean same(String given, String token) {
    return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
        token.getBytes(StandardCharsets.UTF_8));
  }

  private interface RunAction {
    void accept(RunModel run) throws IOException;
  }

  private interface TaskAction {
    void accept(RunModel run, TaskView task) throws IOException;
  }

  private void withRun(HttpExchange x, Map<String, String> q, RunAction action)
      throws IOException {
    Optional<RunModel> run = q.get("run") == null ? Optional.empty() : catalog.run(q.get("run"));
    if (run.isEmpty()) {
      send(x, 404, "text/plain", "no such run\n");
    } else {
      action.accept(run.get());
    }
  }

  private void withTask(HttpExchange x, Map<String, String> q, TaskAction action)
      throws IOException {
    withRun(x, q, run -> {
      TaskView task = q.get("id") == null ? null : run.task(q.get("id"));
      if (task == null) {
        send(x, 404, "text/plain", "no such task in this run\n");
      } else {
        action.accept(run, task);
      }
    });
  }

  private static int number(String value, int fallback) {
    try {
      return value == null ? fallback : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static Map<String, String> query(HttpExchange x) {
    Map<String, String> out = new HashMap<>();
    String raw = x.getRequestURI().getRawQuery();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
      }
    }
    return out;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static void json(HttpExchange x, Object value) throws IOException {
    byte[] body = JSON.writeValueAsBytes(value);
    x.getResponseHeaders().add("Cache-Control", "no-store");
    send(x, 200, "application/json", body);
  }

  private static void send(HttpExchange x, int status, String type, String body)
      throws IOException {
    send(x, status, type, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange x, int status, String type, byte[] body)
      throws IOException {
    x.getResponseHeaders().add("Content-Type", type);
    x.getResponseHeaders().add("X-Content-Type-Options", "nosniff");
    x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      x.getResponseBody().write(body);
    }
  }
}
