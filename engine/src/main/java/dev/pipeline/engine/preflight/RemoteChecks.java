package dev.pipeline.engine.preflight;

import dev.pipeline.api.Task;
import dev.pipeline.api.targets.Target;
import dev.pipeline.api.targets.s3.S3DirectoryTarget;
import dev.pipeline.api.targets.s3.S3FileTarget;
import dev.pipeline.api.targets.s3.S3Store;
import dev.pipeline.api.targets.s3.S3Uri;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * What lives elsewhere: the S3 buckets the tasks read and write answer with this run's
 * credentials, and the Kubernetes API server answers (one request each, with a time limit).
 */
final class RemoteChecks {
  private record Bucket(S3Store store, String name) {}

  private final Duration timeout;
  private final Set<Bucket> buckets = new HashSet<>();

  RemoteChecks(Duration timeout) {
    this.timeout = timeout;
  }

  /** Notes the buckets of the task's outputs and of its requirements' outputs. */
  void collect(Task task) {
    task.outputs().forEach(this::collect);
    for (Task r : task.requirements()) {
      r.outputs().forEach(this::collect);
    }
  }

  private void collect(Target t) {
    if (t instanceof S3FileTarget f && f.store() instanceof S3Store s) {
      buckets.add(new Bucket(s, f.location().bucket()));
    } else if (t instanceof S3DirectoryTarget d && d.store() instanceof S3Store s) {
      buckets.add(new Bucket(s, d.location().bucket()));
    }
  }

  void checkBuckets(Problems problems) {
    for (Bucket b : buckets) {
      String name = S3Uri.SCHEME + b.name();
      try {
        within(() -> b.store().client().headBucket(r -> r.bucket(b.name())));
      } catch (TimeoutException e) {
        problems.add(name + ": the S3 endpoint did not answer within " + seconds()
            + "; check [s3] endpoint and the network");
      } catch (S3Exception e) {
        problems.add(name + ": " + (e.statusCode() == 404 ? "the bucket does not exist"
            : e.statusCode() == 403 ? "access denied to the bucket with these credentials"
            : "S3 answered " + e.statusCode() + " " + e.awsErrorDetails().errorCode())
            + "; check the bucket name and the credentials (AWS_ACCESS_KEY_ID, AWS_PROFILE)");
      } catch (SdkClientException e) {
        problems.add(name + ": cannot ask S3 about the bucket: " + oneLine(e.getMessage()));
      } catch (Exception e) {
        problems.add(name + ": cannot ask S3 about the bucket: " + oneLine(String.valueOf(e)));
      }
    }
  }

  /** One list request for at most one pod in {@code namespace}. */
  void checkKubernetes(Supplier<KubernetesClient> clients, String namespace, Problems problems) {
    String server = "the Kubernetes API server";
    try {
      KubernetesClient client = clients.get();
      server += " " + client.getMasterUrl();
      within(() -> client.pods().inNamespace(namespace)
          .list(new ListOptionsBuilder().withLimit(1L).build()));
    } catch (TimeoutException e) {
      problems.add("kubernetes: " + server + " did not answer within " + seconds()
          + "; check KUBECONFIG and that the cluster is up");
    } catch (Exception e) {
      problems.add("kubernetes: " + server + " did not answer: " + oneLine(rootMessage(e))
          + "; check KUBECONFIG and that the cluster is up");
    }
  }

  private <T> T within(Callable<T> call) throws Exception {
    ExecutorService one = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "preflight");
      t.setDaemon(true);
      return t;
    });
    try {
      Future<T> f = one.submit(call);
      return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception x ? x : e;
    } finally {
      one.shutdownNow();
    }
  }

  private String seconds() {
    return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + "s" : timeout.toMillis() + "ms";
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() != null ? t.getMessage() : t.toString();
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replace('\n', ' ').strip();
  }
}
