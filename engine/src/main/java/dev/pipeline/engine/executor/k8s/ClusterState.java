package dev.pipeline.engine.executor.k8s;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the engine knows of its Jobs and their pods: per namespace, one watch for the Jobs and
 * one for the pods, both under the engine's label selector ({@link ResourceWatch}), so that the
 * cost of following N jobs does not grow with N. A name the copy does not hold (just submitted,
 * its ADDED event still on the way) or a copy that is reconnecting is asked of the API server
 * directly.
 */
final class ClusterState implements AutoCloseable {
  /** The Job controller's label on its pods. */
  static final String JOB_NAME_LABEL = "job-name";

  private final KubernetesClient client;
  private final KubernetesClient watchClient;
  private final String selector;
  private final Duration reconnectBackoff;
  private final Map<String, Namespace> namespaces = new ConcurrentHashMap<>();

  ClusterState(KubernetesClient client, String selector, Duration reconnectBackoff) {
    this.client = client;
    // See ResourceWatch: our watches re-list on every reconnect instead of fabric8 resuming them.
    this.watchClient = client.newClient(new RequestConfigBuilder().withWatchReconnectLimit(0).build())
        .adapt(KubernetesClient.class);
    this.selector = selector;
    this.reconnectBackoff = reconnectBackoff;
  }

  private record Namespace(ResourceWatch<Job> jobs, ResourceWatch<Pod> pods) {}

  /** Starts following a namespace (idempotent); returns at once, the first list runs behind. */
  void follow(String ns) {
    namespace(ns);
  }

  private Namespace namespace(String ns) {
    return namespaces.computeIfAbsent(ns, n -> new Namespace(
        new ResourceWatch<>("jobs in " + n, watchClient.batch().v1().jobs().inNamespace(n)
            .withLabelSelector(selector), reconnectBackoff, watchClient.getMasterUrl()).start(),
        new ResourceWatch<>("pods in " + n, watchClient.pods().inNamespace(n)
            .withLabelSelector(selector), reconnectBackoff, watchClient.getMasterUrl()).start()));
  }

  /** The Job as last seen, or null when it does not exist. */
  Job job(String ns, String name) {
    ResourceWatch<Job> jobs = namespace(ns).jobs();
    Job cached = jobs.synced() ? jobs.get(name) : null;
    return cached != null ? cached : client.batch().v1().jobs().inNamespace(ns).withName(name).get();
  }

  /** The Job's pods, oldest first (a retry under backoffLimit is a new pod). */
  List<Pod> pods(String ns, String job) {
    ResourceWatch<Pod> pods = namespace(ns).pods();
    List<Pod> all = pods.synced() ? List.copyOf(pods.all())
        : client.pods().inNamespace(ns).withLabel(JOB_NAME_LABEL, job).list().getItems();
    return all.stream()
        .filter(p -> p.getMetadata().getLabels() != null
            && job.equals(p.getMetadata().getLabels().get(JOB_NAME_LABEL)))
        .sorted(Comparator.comparing((Pod p) -> String.valueOf(p.getMetadata().getCreationTimestamp()))
            .thenComparing(p -> p.getMetadata().getName()))
        .toList();
  }

  /** The pod as last seen, or null when it is gone. */
  Pod pod(String ns, String name) {
    ResourceWatch<Pod> pods = namespace(ns).pods();
    Pod cached = pods.synced() ? pods.get(name) : null;
    return cached != null ? cached : client.pods().inNamespace(ns).withName(name).get();
  }

  /** Whether the Jobs of the namespace are followed by a live watch; for tests and diagnostics. */
  boolean synced(String ns) {
    Namespace n = namespaces.get(ns);
    return n != null && n.jobs().synced() && n.pods().synced();
  }

  boolean awaitSynced(String ns, Duration timeout) throws InterruptedException {
    Namespace n = namespace(ns);
    return n.jobs().awaitSynced(timeout) && n.pods().awaitSynced(timeout);
  }

  @Override
  public void close() {
    namespaces.values().forEach(n -> {
      n.jobs().close();
      n.pods().close();
    });
    namespaces.clear();
  }
}
