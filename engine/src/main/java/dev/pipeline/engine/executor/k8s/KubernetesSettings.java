package dev.pipeline.engine.executor.k8s;

import dev.pipeline.engine.config.ValueParsers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cfg {@code [kubernetes]} section.
 *
 * <pre>
 * [kubernetes]
 * namespace = pipeline
 * image = ghcr.io/me/pipeline:0.1
 * launcher = pipeline              # how the image starts a task that has no cfg command
 * gpus = 1                         # nvidia.com/gpu limit
 * cpu = 4
 * memory = 16Gi
 * node_selector = nvidia.com/gpu.product=NVIDIA-A100, kubernetes.io/arch=amd64
 * affinity = {"nodeAffinity": {...}}   # JSON, optional
 * service_account = trainer
 * backoff_limit = 1
 * active_deadline = 12h            # activeDeadlineSeconds
 * image_pull_policy = IfNotPresent
 * job_template = templates/k8s-job.yaml   # default: the built-in copy
 * poll_interval = 2s             # reads the watched copy of the Jobs: no API call
 * keep_jobs = false                # true: leave finished Jobs for kubectl describe
 * </pre>
 */
public record KubernetesSettings(
    String namespace,
    String image,
    List<String> launcher,
    int gpus,
    String cpu,
    String memory,
    Map<String, String> nodeSelector,
    String affinityJson,
    String serviceAccount,
    int backoffLimit,
    Long activeDeadlineSeconds,
    String imagePullPolicy,
    Path jobTemplate,
    Duration pollInterval,
    boolean keepJobs) {

  /**
   * From raw text, for code and tests that build settings by hand; a run reads its cfg section
   * through the schema ({@code BuiltinSettings}) instead, with the same grammar.
   */
  public static KubernetesSettings from(Map<String, String> s) {
    Map<String, String> selector = new LinkedHashMap<>();
    String sel = s.get("node_selector");
    if (sel != null) {
      for (String pair : sel.split(",")) {
        if (pair.isBlank()) {
          continue;
        }
        int eq = pair.indexOf('=');
        if (eq < 0) {
          throw new IllegalArgumentException("node_selector: expected key=value, got '" + pair.trim() + "'");
        }
        selector.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
    }
    String deadline = s.get("active_deadline");
    String poll = s.get("poll_interval");
    return new KubernetesSettings(
        s.getOrDefault("namespace", "default"),
        s.getOrDefault("image", "pipeline:latest"),
        List.of(s.getOrDefault("launcher", "pipeline").trim().split("\\s+")),
        dev.pipeline.engine.config.ValueParsers.parseInt(s.getOrDefault("gpus", "0")),
        s.get("cpu"),
        s.get("memory"),
        selector,
        s.get("affinity"),
        s.get("service_account"),
        ValueParsers.parseInt(s.getOrDefault("backoff_limit", "0")),
        deadline == null ? null : ValueParsers.parseDuration(deadline).toSeconds(),
        s.getOrDefault("image_pull_policy", "IfNotPresent"),
        s.containsKey("job_template") ? Path.of(s.get("job_template")) : null,
        poll == null ? Duration.ofSeconds(2) : ValueParsers.parseDuration(poll),
        ValueParsers.parseBoolean(s.getOrDefault("keep_jobs", "false")));
  }

  public static KubernetesSettings defaults() {
    return from(Map.of());
  }
}
