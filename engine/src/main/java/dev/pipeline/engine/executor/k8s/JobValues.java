package dev.pipeline.engine.executor.k8s;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pipeline.engine.executor.JobSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The values of the Job template's placeholders for one job: labels, env, resources, limits. */
final class JobValues {
  private JobValues() {}

  static Map<String, String> labels(JobSpec spec) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(KubernetesExecutor.MANAGED_BY, "pipeline");
    labels.put(KubernetesExecutor.RUN_LABEL, label(spec.env().getOrDefault("PIPELINE_RUN_ID", "run")));
    labels.put(KubernetesExecutor.TASK_LABEL, label(spec.env().getOrDefault("PIPELINE_TASK_DIGEST", spec.name())));
    labels.put(KubernetesExecutor.FAMILY_LABEL, label(spec.env().getOrDefault("PIPELINE_FAMILY", "task")));
    return labels;
  }

  private static String label(String v) {
    String s = v.replaceAll("[^A-Za-z0-9._-]", "-");
    s = s.length() > 63 ? s.substring(0, 63) : s;
    return s.replaceAll("(^[^A-Za-z0-9]+|[^A-Za-z0-9]+$)", "");
  }

  static Map<String, Object> of(KubernetesSettings settings, Map<String, String> podEnvironment, JobSpec spec,
      String ns, Map<String, String> labels) {
    Map<String, Object> v = new HashMap<>();
    v.put("NAME", spec.name());
    v.put("NAMESPACE", ns);
    v.put("LABELS", labels);
    v.put("SECRET", KubernetesExecutor.secretName(spec.name()));
    v.put("IMAGE", settings.image());
    v.put("IMAGE_PULL_POLICY", settings.imagePullPolicy());
    v.put("COMMAND", spec.argv());
    v.put("WORKING_DIR", null);
    List<Map<String, String>> env = new ArrayList<>();
    Map<String, String> all = new LinkedHashMap<>(podEnvironment);
    all.putAll(spec.env());
    all.forEach((k, val) -> env.add(Map.of("name", k, "value", val)));
    v.put("ENV", env);
    resources(settings, v);
    v.put("NODE_SELECTOR", settings.nodeSelector().isEmpty() ? null : settings.nodeSelector());
    try {
      v.put("AFFINITY", settings.affinityJson() == null ? null
          : new ObjectMapper().readValue(settings.affinityJson(), Map.class));
    } catch (IOException e) {
      throw new IllegalArgumentException("[kubernetes] affinity is not valid JSON: " + e.getMessage());
    }
    v.put("SERVICE_ACCOUNT", settings.serviceAccount());
    v.put("BACKOFF_LIMIT", settings.backoffLimit());
    Long deadline = settings.activeDeadlineSeconds();
    if (spec.timeout() != null && !spec.timeout().isZero()) {
      deadline = deadline == null ? spec.timeout().toSeconds() : Math.min(deadline, spec.timeout().toSeconds());
    }
    v.put("ACTIVE_DEADLINE_SECONDS", deadline);
    return v;
  }

  /** Requests equal limits, so the scheduler places the pod where it really fits. */
  private static void resources(KubernetesSettings settings, Map<String, Object> v) {
    Map<String, String> requests = new LinkedHashMap<>();
    if (settings.cpu() != null) {
      requests.put("cpu", settings.cpu());
    }
    if (settings.memory() != null) {
      requests.put("memory", settings.memory());
    }
    if (settings.gpus() > 0) {
      requests.put("nvidia.com/gpu", Integer.toString(settings.gpus()));
    }
    v.put("REQUESTS", requests);
    v.put("LIMITS", new LinkedHashMap<>(requests));
  }
}
