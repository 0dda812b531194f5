package dev.pipeline.engine.executor.k8s;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.net.URL;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import javax.net.ssl.SSLException;

/**
 * One line for a failed API call that says what to do: fabric8's own message ("Operation: [get]
 * for kind: [Job] ... failed.") names neither the server nor the cause.
 */
final class KubernetesErrors {
  private KubernetesErrors() {}

  static String describe(KubernetesClientException e, URL master) {
    String m = e.getStatus() != null && e.getStatus().getMessage() != null
        ? e.getStatus().getMessage() : e.getMessage();
    if (e.getCode() == 401 || e.getCode() == 403) {
      return "HTTP " + e.getCode() + ": " + m + " (check the kube context and the RBAC of this user"
          + " for jobs, pods, pods/log and secrets in the namespace)";
    }
    Throwable unreachable = unreachable(e);
    if (unreachable != null) {
      String why = unreachable.getMessage() == null ? unreachable.getClass().getSimpleName()
          : unreachable.getClass().getSimpleName() + ": " + unreachable.getMessage();
      return "cannot reach the Kubernetes API server at " + master + " (" + why + "); check the"
          + " kube context: KUBECONFIG, ~/.kube/config, or the service account inside a pod";
    }
    return m == null ? e.toString() : m.lines().findFirst().orElse(m);
  }

  /** The cause that means no answer came from the server at all, or null. */
  private static Throwable unreachable(Throwable e) {
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof UnknownHostException
          || t instanceof HttpTimeoutException || t instanceof SSLException) {
        return t;
      }
    }
    return null;
  }
}
