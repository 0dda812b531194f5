package dev.pipeline.engine.notify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Posts {@code {"text": "..."}}, the payload Slack and Mattermost incoming webhooks both take, with
 * the JDK's HTTP client (no library for one POST). A status other than 2xx is a failure.
 */
final class WebhookChannel implements Channel {
  private static final JsonFactory JSON = new JsonFactory();

  private final URI uri;
  private final Duration timeout;
  private final HttpClient client;

  WebhookChannel(URI uri, Duration timeout) {
    this.uri = uri;
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  @Override
  public String name() {
    return "webhook " + Redaction.webhookName(uri);
  }

  @Override
  public void send(Message message) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(payload(message)))
        .build();
    HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
    if (response.statusCode() / 100 != 2) {
      throw new IOException("answered HTTP " + response.statusCode());
    }
  }

  static String payload(Message message) throws IOException {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("text", message.text());
      g.writeEndObject();
    }
    return out.toString();
  }
}
