package dev.pipeline.engine.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pipeline.engine.runview.RunCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import dev.pipeline.api.error.UsageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live web UI: the JDK's own HTTP server ({@code com.sun.net.httpserver}: no dependency, and
 * a few requests a second from a handful of pages need nothing more), a page and its script
 * served from the jar, a JSON API over a {@link RunCatalog}, and server-sent events that tell
 * pages when something changed. A poller thread follows the journals twice a second.
 */
public final class UiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UiServer.class);
  static final long POLL_MILLIS = 300;

  private final HttpServer server;
  private final ThreadPoolExecutor workers;
  private final ScheduledExecutorService poller;
  private final UiOptions options;

  private UiServer(HttpServer server, ThreadPoolExecutor workers,
      ScheduledExecutorService poller, UiOptions options) {
    this.server = server;
    this.workers = workers;
    this.poller = poller;
    this.options = options;
  }

  /** Reads the journals once, then serves; returns once it listens. */
  public static UiServer start(RunCatalog catalog, UiOptions options) {
    catalog.refresh();
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(options.bind(), options.port()), 64);
    } catch (BindException e) {
      throw new UsageException("cannot listen on " + options.bind() + ":" + options.port() + ": "
          + e.getMessage() + "; choose another --port (0: any free port)");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ThreadPoolExecutor workers = new ThreadPoolExecutor(2, Routes.MAX_STREAMS + 8, 30,
        TimeUnit.SECONDS, new SynchronousQueue<>(), daemon("pipeline-ui"),
        new ThreadPoolExecutor.CallerRunsPolicy());
    ScheduledExecutorService poller =
        Executors.newSingleThreadScheduledExecutor(daemon("pipeline-ui-journal"));
    poller.scheduleWithFixedDelay(() -> {
      try {
        catalog.refresh();
      } catch (RuntimeException e) {
        LOG.warn("UI: cannot follow a journal: {}", e.toString());
      }
    }, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    Routes routes = new Routes(catalog, options);
    server.createContext("/", exchange -> handle(routes, exchange));
    server.setExecutor(workers);
    server.start();
    UiServer ui = new UiServer(server, workers, poller, options);
    LOG.debug("UI listening on {}", ui.address());
    return ui;
  }

  private static void handle(Routes routes, HttpExchange exchange) {
    try {
      routes.handle(exchange);
    } catch (IOException e) {
      LOG.debug("UI: {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(),
          e.toString());
    } catch (RuntimeException e) {
      LOG.warn("UI: {} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI(),
          e.toString());
    } finally {
      exchange.close();
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** The page's address ({@code http://127.0.0.1:8765/}). */
  public URI address() {
    String host = server.getAddress().getAddress().isAnyLocalAddress() ? "127.0.0.1"
        : server.getAddress().getHostString();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + server.getAddress().getPort() + "/");
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public UiOptions options() {
    return options;
  }

  @Override
  public void close() {
    poller.shutdownNow();
    server.stop(0);
    workers.shutdownNow();
  }
}
