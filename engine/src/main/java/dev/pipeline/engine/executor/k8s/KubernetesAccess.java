package dev.pipeline.engine.executor.k8s;

import dev.pipeline.api.targets.s3.S3Clients;
import dev.pipeline.api.targets.s3.S3Settings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * How the engine reaches a cluster and what every pod gets besides its task's own variables.
 *
 * @param clients a client to the API server, asked for once, when the first Job is submitted
 * @param secretData the S3 credentials (AWS_ACCESS_KEY_ID, ...), asked for at each submit and
 *     written only into the Job's Secret
 * @param podEnvironment plain variables for every pod (AWS_ENDPOINT_URL, AWS_REGION, ...)
 */
public record KubernetesAccess(Supplier<KubernetesClient> clients,
    Supplier<Map<String, String>> secretData, Map<String, String> podEnvironment) {

  public KubernetesAccess {
    podEnvironment = Map.copyOf(podEnvironment);
  }

  /**
   * The kube config from {@code ~/.kube/config}, {@code KUBECONFIG} or the pod's service account;
   * credentials from the AWS default chain; the endpoint and region of the run's {@code s3}.
   */
  public static KubernetesAccess standard(S3Settings s3) {
    Map<String, String> env = new LinkedHashMap<>();
    if (s3.endpoint() != null) {
      env.put("AWS_ENDPOINT_URL", s3.endpoint().toString());
    }
    if (s3.region() != null) {
      env.put("AWS_REGION", s3.region());
    }
    env.put("PIPELINE_S3_PATH_STYLE", Boolean.toString(s3.pathStyle()));
    return new KubernetesAccess(() -> new KubernetesClientBuilder().build(),
        () -> S3Clients.credentialEnvironment(DefaultCredentialsProvider.builder().build()), env);
  }

  /** The executor for a run with these settings. */
  public KubernetesExecutor executor(KubernetesSettings settings) throws IOException {
    return new KubernetesExecutor(clients.get(), settings, secretData, podEnvironment);
  }
}
