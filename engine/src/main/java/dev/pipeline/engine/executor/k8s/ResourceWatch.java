package dev.pipeline.engine.executor.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import java.net.URL;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local copy of every resource of one kind in one namespace that matches one label selector,
 * kept current by one list followed by one watch from the list's resourceVersion: the engine's
 * status queries read it instead of calling the API server per task or per interval.
 *
 * <p>Every (re)connection lists again before watching. fabric8's own watch reconnect (and its
 * informer) resume from the last resourceVersion and re-list only on 410 Gone; a server that
 * does not replay the events missed while the connection was down would leave a finished Job
 * looking active forever. So the watch is opened with no client-side reconnects, and any close
 * (a dropped connection, 410 Gone, the server's watch timeout) schedules a fresh list + watch.
 * While that is pending, {@link #synced()} is false and callers ask the API server directly.
 */
final class ResourceWatch<T extends HasMetadata> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ResourceWatch.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final String what;
  private final FilterWatchListDeletable<T, ? extends KubernetesResourceList<T>, ?> resources;
  private final Duration firstBackoff;
  private final URL master;
  private final Map<String, T> items = new ConcurrentHashMap<>();
  private final ScheduledExecutorService reconnects;
  private volatile boolean synced;
  private volatile boolean closed;
  private volatile int connects;
  private volatile Watch watch;
  private Duration backoff;

  /**
   * @param resources the namespace's resources under the label selector, from a client whose
   *     watches do not reconnect by themselves (see the class comment)
   */
  ResourceWatch(String what, FilterWatchListDeletable<T, ? extends KubernetesResourceList<T>, ?> resources,
      Duration firstBackoff, URL master) {
    this.what = what;
    this.master = master;
    this.resources = resources;
    this.firstBackoff = firstBackoff;
    this.backoff = firstBackoff;
    this.reconnects = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "pipeline-k8s-watch-" + what);
      t.setDaemon(true);
      return t;
    });
  }

  /** Lists and starts watching; on failure the watch keeps trying in the background. */
  ResourceWatch<T> start() {
    reconnects.execute(this::connect);
    return this;
  }

  /** Whether the copy reflects the server (a list succeeded and its watch is open). */
  boolean synced() {
    return synced;
  }

  /** How many times the list + watch was (re)established; for tests and diagnostics. */
  int connects() {
    return connects;
  }

  /** The resource of that name as last seen, or null. Only meaningful while {@link #synced()}. */
  T get(String name) {
    return items.get(name);
  }

  Collection<T> all() {
    return List.copyOf(items.values());
  }

  /** Blocks until synced or the timeout passes; returns {@link #synced()}. */
  boolean awaitSynced(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!synced && !closed && System.nanoTime() - end < 0) {
      Thread.sleep(10);
    }
    return synced;
  }

  private synchronized void connect() {
    if (closed) {
      return;
    }
    try {
      var list = resources.list(new ListOptionsBuilder().build());
      Map<String, T> fresh = new HashMap<>();
      list.getItems().forEach(i -> fresh.put(i.getMetadata().getName(), i));
      items.keySet().retainAll(fresh.keySet());
      items.putAll(fresh);
      ListOptions from = new ListOptionsBuilder().withResourceVersion(list.getMetadata().getResourceVersion())
          .withAllowWatchBookmarks(true).build();
      watch = resources.watch(from, new Follower());
      if (closed) {
        watch.close(); // closed while this list + watch was under way
        return;
      }
      connects++;
      synced = true;
      backoff = firstBackoff;
      LOG.debug("watching {}: {} items at resourceVersion {}", what, fresh.size(),
          list.getMetadata().getResourceVersion());
    } catch (KubernetesClientException e) {
      LOG.warn("cannot list/watch {} (retrying in {} ms): {}", what, backoff.toMillis(),
          KubernetesErrors.describe(e, master));
      retryLater();
    }
  }

  private synchronized void retryLater() {
    synced = false;
    if (closed) {
      return;
    }
    reconnects.schedule(this::connect, backoff.toMillis(), TimeUnit.MILLISECONDS);
    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
  }

  /** Applies the watch's events; any close starts a new list + watch. */
  private final class Follower implements Watcher<T> {
    @Override
    public void eventReceived(Action action, T resource) {
      String name = resource.getMetadata() == null ? null : resource.getMetadata().getName();
      if (name == null) {
        return; // a bookmark or an error status without an object
      }
      switch (action) {
        case ADDED, MODIFIED -> items.put(name, resource);
        case DELETED -> items.remove(name);
        default -> { }
      }
    }

    @Override
    public void onClose(WatcherException cause) {
      LOG.debug("watch of {} closed ({}); listing again", what, cause.getMessage());
      reconnect();
    }

    @Override
    public void onClose() {
      // Only close() ends a watch without an exception; a server-side end comes as onClose(cause).
      reconnect();
    }
  }

  private void reconnect() {
    synced = false;
    try {
      reconnects.execute(this::connect);
    } catch (RejectedExecutionException e) {
      // closed meanwhile: nothing to follow any more
    }
  }

  /**
   * Not synchronized: a list in progress holds the lock for as long as the client retries an
   * unreachable server (tens of seconds), and the engine must not wait for that to exit.
   */
  @Override
  public void close() {
    closed = true;
    synced = false;
    reconnects.shutdownNow(); // interrupts a list in progress
    Watch w = watch;
    if (w != null) {
      w.close();
    }
  }
}
