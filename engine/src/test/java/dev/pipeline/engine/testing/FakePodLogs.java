package dev.pipeline.engine.testing;

import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kubelet's side of {@code GET /api/v1/namespaces/NS/pods/POD/log}: each pod's lines with the
 * time they were written; answers {@code timestamps=true} (RFC 3339 prefix) and {@code sinceTime}
 * (second resolution, like the kubelet, so a resumed stream repeats that second's lines).
 */
public final class FakePodLogs {
  private static final Pattern LOG_PATH = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/log(\\?.*)?");

  private record Line(Instant at, String text) {}

  private final Map<String, List<Line>> pods = new ConcurrentHashMap<>();
  private final Map<String, Integer> requestsPerPod = new ConcurrentHashMap<>();

  /** Appends the text's lines to a pod's log, each with a strictly later timestamp. */
  public void write(String pod, String text) {
    List<Line> lines = pods.computeIfAbsent(pod, p -> new ArrayList<>());
    synchronized (lines) {
      for (String l : text.split("\n", -1)) {
        if (l.isEmpty() && text.endsWith("\n")) {
          continue;
        }
        Instant now = Instant.now();
        Instant last = lines.isEmpty() ? null : lines.get(lines.size() - 1).at();
        lines.add(new Line(last != null && !now.isAfter(last) ? last.plusNanos(1) : now, l));
      }
    }
  }

  /** Starts a pod's (empty) log, so requests for it get 200 instead of 400; a pod name reused starts afresh. */
  public void start(String pod) {
    pods.put(pod, new ArrayList<>());
  }

  public int requests(String pod) {
    return requestsPerPod.getOrDefault(pod, 0);
  }

  /** The response to a log request, or null when the request is not one. */
  MockResponse answer(RecordedRequest request) {
    Matcher m = LOG_PATH.matcher(request.getPath());
    if (!"GET".equals(request.getMethod()) || !m.matches()) {
      return null;
    }
    String pod = m.group(2);
    requestsPerPod.merge(pod, 1, Integer::sum);
    Map<String, String> query = query(m.group(3));
    List<Line> lines = pods.get(pod);
    if (lines == null) {
      return new MockResponse().setResponseCode(400).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
          + "\"status\":\"Failure\",\"message\":\"container \\\"task\\\" in pod \\\"" + pod
          + "\\\" is waiting to start: ContainerCreating\",\"reason\":\"BadRequest\",\"code\":400}");
    }
    Instant since = query.containsKey("sinceTime") ? Instant.parse(query.get("sinceTime")) : null;
    boolean timestamps = "true".equals(query.get("timestamps"));
    StringBuilder body = new StringBuilder();
    synchronized (lines) {
      for (Line l : lines) {
        if (since == null || !l.at().truncatedTo(ChronoUnit.SECONDS).isBefore(since)) {
          body.append(timestamps ? l.at() + " " : "").append(l.text()).append('\n');
        }
      }
    }
    return new MockResponse().setResponseCode(200).setBody(body.toString());
  }

  private static Map<String, String> query(String q) {
    Map<String, String> out = new HashMap<>();
    if (q == null) {
      return out;
    }
    for (String pair : q.substring(1).split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }
}
