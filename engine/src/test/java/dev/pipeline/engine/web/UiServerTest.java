package dev.pipeline.engine.web;

import static dev.pipeline.engine.runview.Journals.leaf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pipeline.api.error.UsageException;
import dev.pipeline.engine.event.TaskState;
import dev.pipeline.engine.journal.JournalWriter;
import dev.pipeline.engine.runview.Journals;
import dev.pipeline.engine.runview.LiveRun;
import dev.pipeline.engine.runview.RunCatalog;
import dev.pipeline.engine.runview.TaskDetails;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The UI's server over a real journal, asked over real HTTP. */
class UiServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "0123456789abcdef-token";

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private UiServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private void journal(int leaves) {
    Journals j = new Journals(dir).started("r1", leaves, 0, 1);
    for (int i = 0; i < leaves; i++) {
      j.task(leaf(i), TaskState.RUNNING, 1, i, List.of(), null);
    }
    j.write();
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(server.address().resolve(path));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode json(String path) throws Exception {
    HttpResponse<String> r = get(path);
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  @Test
  void servesRunsFamiliesAndPagesNeverEveryTask() throws Exception {
    journal(2000);
    server = UiServer.start(new RunCatalog(List.of(dir), null), UiOptions.local(0));
    assertEquals("127.0.0.1", server.address().getHost());
    JsonNode runs = json("api/runs");
    assertEquals("r1", runs.get(0).get("id").asText());
    assertEquals(2000, runs.get(0).get("counts").get("RUNNING").asInt());
    JsonNode run = json("api/run?run=r1");
    assertEquals(2, run.get("families").size(), "families, not tasks");
    JsonNode page = json("api/family?run=r1&family=Leaf&offset=0&limit=100000");
    assertEquals(2000, page.get("total").asInt());
    assertEquals(ApiViews.MAX_PAGE, page.get("tasks").size(), "a page is capped");
    JsonNode task = json("api/task?run=r1&id=" + URLEncoder.encode(leaf(7).canonical(),
        StandardCharsets.UTF_8));
    assertEquals("7", task.get("parameters").get("i").asText());
    assertTrue(task.get("outputs").isNull(), "a journal does not record outputs");
    assertTrue(get("index.html").body().contains("app.js"));
    assertTrue(get("vendor/dagre.min.js").body().length() > 100_000, "dagre from its WebJar");
    assertEquals(404, get("api/run?run=nope").statusCode());
  }

  @Test
  void followsTheLogFromAnOffset() throws Exception {
    journal(1);
    Path log = dir.resolve("logs").resolve(leaf(0).digest() + ".log");
    Files.createDirectories(log.getParent());
    Files.writeString(log, "first\n");
    server = UiServer.start(new RunCatalog(List.of(dir), null), UiOptions.local(0));
    String id = URLEncoder.encode(leaf(0).canonical(), StandardCharsets.UTF_8);
    JsonNode first = json("api/log?run=r1&id=" + id);
    assertEquals("first\n", first.get("text").asText());
    Files.writeString(log, "second\n", StandardOpenOption.APPEND);
    JsonNode next = json("api/log?run=r1&id=" + id + "&from=" + first.get("next").asLong());
    assertEquals("second\n", next.get("text").asText());
  }

  @Test
  void eventsTellThePageWhenTheJournalGrows() throws Exception {
    journal(1);
    server = UiServer.start(new RunCatalog(List.of(dir), null), UiOptions.local(0));
    HttpResponse<java.io.InputStream> stream = http.send(
        HttpRequest.newBuilder(server.address().resolve("api/events")).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertEquals("text/event-stream", stream.headers().firstValue("Content-Type").orElse(""));
    BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(),
        StandardCharsets.UTF_8));
    assertEquals("event: change", events.readLine());
    String first = events.readLine();
    events.readLine();
    Files.writeString(JournalWriter.fileIn(dir), "{\"type\":\"task\",\"run\":\"r1\",\"time\":"
        + "\"2026-01-01T10:00:05Z\",\"task\":\"" + leaf(0).canonical() + "\",\"family\":\"Leaf\","
        + "\"state\":\"DONE\",\"attempt\":1}\n", StandardOpenOption.APPEND);
    assertEquals("event: change", events.readLine());
    assertFalse(first.equals(events.readLine()), "a new version");
    stream.body().close();
  }

  @Test
  void refusesAnotherSitesHostName() throws Exception {
    journal(1);
    server = UiServer.start(new RunCatalog(List.of(dir), null), UiOptions.local(0));
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      OutputStream out = s.getOutputStream();
      out.write(("GET /api/runs HTTP/1.1\r\nHost: attacker.example:" + server.port()
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String status = new BufferedReader(new InputStreamReader(s.getInputStream(),
          StandardCharsets.US_ASCII)).readLine();
      assertTrue(status.contains(" 403 "), status);
    }
  }

  @Test
  void aTokenGuardsEveryRequestAndStopIsOnlyForItsHolder() throws Exception {
    journal(1);
    AtomicBoolean stopped = new AtomicBoolean();
    LiveRun live = new LiveRun(TaskDetails.NONE, () -> stopped.set(true));
    live.onEvent(new dev.pipeline.engine.event.RunStarted("live1", Journals.T0, List.of("pipeline"),
        "test", "thishost", 1, dir, List.of("Root(n=1)"), 1, List.of()));
    server = UiServer.start(new RunCatalog(List.of(dir), live),
        new UiOptions("127.0.0.1", 0, TOKEN, true));
    assertEquals(401, get("api/runs").statusCode());
    assertEquals(401, get("api/runs", "Authorization", "Bearer wrong-token-wrong-token").statusCode());
    assertEquals(200, get("api/runs", "Authorization", "Bearer " + TOKEN).statusCode());
    HttpResponse<String> page = get("?token=" + TOKEN);
    assertEquals(200, page.statusCode());
    String cookie = page.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    assertEquals(200, get("api/runs", "Cookie", cookie).statusCode());

    HttpResponse<String> plainGet = get("api/stop?run=live1", "Cookie", cookie);
    assertEquals(403, plainGet.statusCode(), "a GET never stops");
    HttpResponse<String> cookieOnly = http.send(HttpRequest.newBuilder(
        server.address().resolve("api/stop?run=live1")).header("Cookie", cookie)
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(403, cookieOnly.statusCode(), "a cookie alone (another site's form) never stops");
    assertFalse(stopped.get());
    HttpResponse<String> stop = http.send(HttpRequest.newBuilder(
        server.address().resolve("api/stop?run=live1")).header("Cookie", cookie)
        .header("X-Pipeline-Token", TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, stop.statusCode(), stop.body());
    assertTrue(stopped.get());
  }

  @Test
  void readOnlyByDefault() throws Exception {
    journal(1);
    server = UiServer.start(new RunCatalog(List.of(dir), null), UiOptions.local(0));
    HttpResponse<String> stop = http.send(HttpRequest.newBuilder(
        server.address().resolve("api/stop?run=r1")).POST(HttpRequest.BodyPublishers.noBody())
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(403, stop.statusCode());
    assertFalse(json("api/config").get("stop").asBoolean());
  }

  @Test
  void bindingElsewhereOrStoppingNeedsAToken() {
    UsageException open = assertThrows(UsageException.class,
        () -> new UiOptions("0.0.0.0", 0, null, false));
    assertTrue(open.getMessage().contains(UiOptions.TOKEN_VARIABLE), open.getMessage());
    assertThrows(UsageException.class, () -> new UiOptions("127.0.0.1", 0, null, true));
    assertThrows(UsageException.class, () -> new UiOptions("127.0.0.1", 0, "short", false));
    assertTrue(new UiOptions("0.0.0.0", 0, TOKEN, false).token() != null);
  }
}
