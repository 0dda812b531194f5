package dev.pipeline.engine.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A TCP proxy in front of the in-process S3 server that breaks chosen requests the ways real
 * networks and S3 do: a 500, a 503 SlowDown, a connection reset, a body cut short (an upload's
 * request body, or a download's response body), or added latency. Requests are forwarded byte for
 * byte (the SigV4 signature covers the Host header, so nothing is rewritten but {@code
 * Connection: close}: one request per connection keeps the fault plan exact).
 */
public final class S3FaultProxy implements AutoCloseable {
  public enum Fault { SERVER_ERROR, SLOW_DOWN, RESET, TRUNCATE, LATENCY }

  /** One request as the proxy saw it: method, request target (path and query). */
  public record Request(String method, String target) {
    public boolean isUpload() {
      return method.equals("PUT") || method.equals("POST");
    }
  }

  /** What happened to one request, for assertions. */
  public record Seen(Request request, Fault fault) {}

  private static final class Rule {
    final Fault fault;
    final Predicate<Request> which;
    int remaining;

    Rule(Fault fault, int times, Predicate<Request> which) {
      this.fault = fault;
      this.remaining = times;
      this.which = which;
    }
  }

  private final ServerSocket server;
  private final URI upstream;
  private final List<Rule> rules = new ArrayList<>();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile int latencyMillis = 300;

  public S3FaultProxy(URI upstream) throws IOException {
    this.upstream = upstream;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::acceptLoop, "s3-fault-proxy");
    accept.setDaemon(true);
    accept.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** The next {@code times} requests that match get {@code fault}. */
  public synchronized S3FaultProxy inject(Fault fault, int times, Predicate<Request> which) {
    rules.add(new Rule(fault, times, which));
    return this;
  }

  /** Every request that matches gets {@code fault}, until {@link #clear()}. */
  public S3FaultProxy always(Fault fault, Predicate<Request> which) {
    return inject(fault, Integer.MAX_VALUE, which);
  }

  public synchronized void clear() {
    rules.clear();
    seen.clear();
  }

  public void latency(int millis) {
    latencyMillis = millis;
  }

  public List<Seen> seen() {
    return List.copyOf(seen);
  }

  private synchronized Fault decide(Request r) {
    for (Rule rule : rules) {
      if (rule.remaining > 0 && rule.which.test(r)) {
        rule.remaining--;
        return rule.fault;
      }
    }
    return null;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        open.add(client);
        Thread t = new Thread(() -> serve(client), "s3-fault-proxy-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = new BufferedInputStream(client.getInputStream());
      byte[] head = readHead(in);
      if (head == null) {
        return;
      }
      String[] lines = new String(head, StandardCharsets.ISO_8859_1).split("\r\n");
      String[] requestLine = lines[0].split(" ");
      Request request = new Request(requestLine[0], requestLine[1]);
      long length = contentLength(lines);
      boolean expectContinue = header(lines, "expect") != null;
      Fault fault = decide(request);
      seen.add(new Seen(request, fault));
      if (fault == Fault.LATENCY) {
        Thread.sleep(latencyMillis);
      }
      if (fault == Fault.SERVER_ERROR || fault == Fault.SLOW_DOWN) {
        if (!expectContinue) {
          in.skipNBytes(length);
        }
        answerError(client.getOutputStream(), request, fault);
      } else if (fault == Fault.RESET || fault == Fault.TRUNCATE && request.method().equals("HEAD")) {
        reset(client);
      } else if (fault == Fault.TRUNCATE && length > 0) {
        forwardHalfTheBody(client, in, lines, length, expectContinue);
      } else {
        forward(client, in, lines, fault == Fault.TRUNCATE);
      }
    } catch (IOException | InterruptedException e) {
      // the client or the server went away: nothing to report to anyone
    } finally {
      open.remove(client);
    }
  }

  private static void answerError(OutputStream out, Request request, Fault fault) throws IOException {
    String code = fault == Fault.SLOW_DOWN ? "SlowDown" : "InternalError";
    String status = fault == Fault.SLOW_DOWN ? "503 Slow Down" : "500 Internal Server Error";
    byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code
        + "</Code><Message>injected</Message><RequestId>fault</RequestId></Error>")
        .getBytes(StandardCharsets.UTF_8);
    boolean head = request.method().equals("HEAD");
    String response = "HTTP/1.1 " + status + "\r\nContent-Type: application/xml\r\nContent-Length: "
        + (head ? 0 : body.length) + "\r\nConnection: close\r\n\r\n";
    out.write(response.getBytes(StandardCharsets.ISO_8859_1));
    if (!head) {
      out.write(body);
    }
    out.flush();
  }

  private static void reset(Socket s) throws IOException {
    s.setSoLinger(true, 0); // close with RST, as a dropped connection looks
    s.close();
  }

  /** Sends the request with half its body, then resets both sides: the upload never completes. */
  private void forwardHalfTheBody(Socket client, InputStream in, String[] lines, long length,
      boolean expectContinue) throws IOException {
    try (Socket server = connect()) {
      server.getOutputStream().write(rewriteHead(lines));
      if (expectContinue) {
        byte[] interim = readHead(new BufferedInputStream(server.getInputStream()));
        if (interim == null) {
          return;
        }
        client.getOutputStream().write(interim);
        client.getOutputStream().flush();
      }
      server.getOutputStream().write(in.readNBytes((int) Math.min(length / 2, Integer.MAX_VALUE)));
      server.getOutputStream().flush();
      reset(server);
    }
    reset(client);
  }

  /** Forwards the request and the answer; with {@code cutAnswer}, only half the answer's body. */
  private void forward(Socket client, InputStream in, String[] lines, boolean cutAnswer)
      throws IOException {
    try (Socket server = connect()) {
      server.getOutputStream().write(rewriteHead(lines));
      server.getOutputStream().flush();
      Thread up = new Thread(() -> copy(in, server), "s3-fault-proxy-up");
      up.setDaemon(true);
      up.start();
      InputStream fromServer = new BufferedInputStream(server.getInputStream());
      OutputStream toClient = client.getOutputStream();
      if (cutAnswer) {
        byte[] responseHead = readHead(fromServer);
        if (responseHead == null) {
          return;
        }
        toClient.write(responseHead);
        long length = contentLength(new String(responseHead, StandardCharsets.ISO_8859_1).split("\r\n"));
        toClient.write(fromServer.readNBytes((int) Math.min(length / 2, Integer.MAX_VALUE)));
        toClient.flush();
        reset(client);
        return;
      }
      fromServer.transferTo(toClient);
      toClient.flush();
    }
  }

  private static void copy(InputStream in, Socket to) {
    try {
      in.transferTo(to.getOutputStream());
    } catch (IOException e) {
      // the exchange ended
    }
  }

  private Socket connect() throws IOException {
    return new Socket(upstream.getHost(), upstream.getPort());
  }

  /** The request head as received, with {@code Connection: close} (not signed by SigV4). */
  private static byte[] rewriteHead(String[] lines) {
    StringBuilder out = new StringBuilder(lines[0]).append("\r\n");
    for (int i = 1; i < lines.length; i++) {
      if (!lines[i].toLowerCase(Locale.ROOT).startsWith("connection:")) {
        out.append(lines[i]).append("\r\n");
      }
    }
    out.append("Connection: close\r\n\r\n");
    return out.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
          ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toByteArray();
  }

  private static String header(String[] lines, String name) {
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0 && lines[i].substring(0, colon).trim().equalsIgnoreCase(name)) {
        return lines[i].substring(colon + 1).trim();
      }
    }
    return null;
  }

  private static long contentLength(String[] lines) {
    String value = header(lines, "content-length");
    return value == null ? 0 : Long.parseLong(value);
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : open) {
      s.close();
    }
  }
}
