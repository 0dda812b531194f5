package dev.pipeline.engine.executor.k8s;

import dev.pipeline.engine.executor.Executor;
import dev.pipeline.engine.executor.JobHandle;
import dev.pipeline.engine.executor.JobSpec;
import dev.pipeline.engine.executor.JobState;
import dev.pipeline.engine.executor.JobStatus;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs as Kubernetes batch/v1 Jobs through fabric8. {@link #submit} creates a Secret with the
 * S3 credentials and the Job (rendered from {@code templates/k8s-job.yaml}, the secret referenced by
 * name only); {@link #poll} lists every job of a namespace in one call by label selector; finished
 * jobs have their pod logs appended to the task log and their Job and Secret deleted; {@link #kill}
 * deletes both. Job names are derived from the task, so after an engine restart {@link #submit}
 * finds a Job still running for the task and re-attaches to it instead of submitting another.
 */
public final class KubernetesExecutor implements Executor {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesExecutor.class);
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String RUN_LABEL = "pipeline.dev/run";
  public static final String TASK_LABEL = "pipeline.dev/task";
  public static final String FAMILY_LABEL = "pipeline.dev/family";
  static final String SELECTOR = MANAGED_BY + "=pipeline";

  private final KubernetesClient client;
  private final KubernetesSettings settings;
  private final JobTemplate template;
  private final Supplier<Map<String, String>> secretData;
  private final Map<String, String> podEnvironment;

  /**
   * @param secretData the credentials (AWS_ACCESS_KEY_ID, ...), asked for at each submit and
   *     written only into the job's Secret
   * @param podEnvironment plain variables for every pod (AWS_ENDPOINT_URL, AWS_REGION, ...)
   */
  public KubernetesExecutor(KubernetesClient client, KubernetesSettings settings,
      Supplier<Map<String, String>> secretData, Map<String, String> podEnvironment) throws IOException {
    this.client = client;
    this.settings = settings;
    this.template = JobTemplate.load(settings.jobTemplate());
    this.secretData = secretData;
    this.podEnvironment = Map.copyOf(podEnvironment);
  }

  @Override
  public String name() {
    return "kubernetes";
  }

  @Override
  public Duration pollInterval() {
    return settings.pollInterval();
  }

  /** The Job name of a task: DNS-1123, at most 63 characters, the same in every run. */
  public static String jobName(String family, String taskDigest) {
    String f = family.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
    if (f.length() > 40) {
      f = f.substring(0, 40).replaceAll("-+$", "");
    }
    return "pl-" + (f.isEmpty() ? "task" : f) + "-" + taskDigest.toLowerCase(Locale.ROOT);
  }

  static String secretName(String job) {
    return job + "-s3";
  }

  /** A submitted (or re-attached) Job. */
  public record Handle(String jobId, String namespace, JobSpec spec, boolean reattached) implements JobHandle {}

  @Override
  public JobHandle submit(JobSpec spec) throws IOException {
    String name = spec.name();
    String ns = settings.namespace();
    try {
      Job existing = client.batch().v1().jobs().inNamespace(ns).withName(name).get();
      if (existing != null) {
        if (finalStatus(existing) == null) {
          LOG.info("re-attaching to Kubernetes Job {}/{} still running for this task", ns, name);
          appendLog(spec, "re-attached to Kubernetes Job " + ns + "/" + name + " (submitted earlier)\n");
          return new Handle(name, ns, spec, true);
        }
        // A finished Job of an earlier run: it did not produce the outputs, so run again.
        delete(ns, name, true);
      }
      Map<String, String> labels = labels(spec);
      Secret secret = new SecretBuilder().withNewMetadata().withName(secretName(name)).withNamespace(ns)
          .withLabels(labels).endMetadata().withType("Opaque").withStringData(secretData.get()).build();
      client.secrets().inNamespace(ns).resource(secret).createOr(r -> r.update());
      Job job = template.job(values(spec, name, ns, labels));
      Job created;
      try {
        created = client.batch().v1().jobs().inNamespace(ns).resource(job).create();
      } catch (KubernetesClientException e) {
        client.secrets().inNamespace(ns).withName(secretName(name)).delete();
        throw e;
      }
      ownSecret(ns, name, created);
      appendLog(spec, "submitted Kubernetes Job " + ns + "/" + name + " (image " + settings.image() + ")\n");
      return new Handle(name, ns, spec, false);
    } catch (KubernetesClientException e) {
      throw new IOException("Kubernetes: cannot submit Job " + ns + "/" + name + ": " + describe(e), e);
    }
  }

  /**
   * Makes the Job the Secret's owner, so that the cluster deletes the Secret with the Job even if
   * this engine never comes back (the Job's ttlSecondsAfterFinished then cleans up both).
   */
  private void ownSecret(String ns, String name, Job job) {
    if (job == null || job.getMetadata() == null || job.getMetadata().getUid() == null) {
      return;
    }
    try {
      client.secrets().inNamespace(ns).withName(secretName(name)).edit(s -> new SecretBuilder(s)
          .editMetadata().addNewOwnerReference().withApiVersion("batch/v1").withKind("Job")
          .withName(name).withUid(job.getMetadata().getUid()).withBlockOwnerDeletion(false)
          .endOwnerReference().endMetadata().build());
    } catch (KubernetesClientException e) {
      LOG.debug("could not make Job {} own its Secret: {}", name, describe(e));
    }
  }

  private Map<String, String> labels(JobSpec spec) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MANAGED_BY, "pipeline");
    labels.put(RUN_LABEL, label(spec.env().getOrDefault("PIPELINE_RUN_ID", "run")));
    labels.put(TASK_LABEL, label(spec.env().getOrDefault("PIPELINE_TASK_DIGEST", spec.name())));
    labels.put(FAMILY_LABEL, label(spec.env().getOrDefault("PIPELINE_FAMILY", "task")));
    return labels;
  }

  private static String label(String v) {
    String s = v.replaceAll("[^A-Za-z0-9._-]", "-");
    s = s.length() > 63 ? s.substring(0, 63) : s;
    return s.replaceAll("(^[^A-Za-z0-9]+|[^A-Za-z0-9]+$)", "");
  }

  private Map<String, Object> values(JobSpec spec, String name, String ns, Map<String, String> labels) {
    Map<String, Object> v = new HashMap<>();
    v.put("NAME", name);
    v.put("NAMESPACE", ns);
    v.put("LABELS", labels);
    v.put("SECRET", secretName(name));
    v.put("IMAGE", settings.image());
    v.put("IMAGE_PULL_POLICY", settings.imagePullPolicy());
    v.put("COMMAND", spec.argv());
    v.put("WORKING_DIR", null);
    List<Map<String, String>> env = new ArrayList<>();
    Map<String, String> all = new LinkedHashMap<>(podEnvironment);
    all.putAll(spec.env());
    all.forEach((k, val) -> env.add(Map.of("name", k, "value", val)));
    v.put("ENV", env);
    Map<String, String> requests = new LinkedHashMap<>();
    Map<String, String> limits = new LinkedHashMap<>();
    if (settings.cpu() != null) {
      requests.put("cpu", settings.cpu());
      limits.put("cpu", settings.cpu());
    }
    if (settings.memory() != null) {
      requests.put("memory", settings.memory());
      limits.put("memory", settings.memory());
    }
    if (settings.gpus() > 0) {
      requests.put("nvidia.com/gpu", Integer.toString(settings.gpus()));
      limits.put("nvidia.com/gpu", Integer.toString(settings.gpus()));
    }
    v.put("REQUESTS", requests);
    v.put("LIMITS", limits);
    v.put("NODE_SELECTOR", settings.nodeSelector().isEmpty() ? null : settings.nodeSelector());
    try {
      v.put("AFFINITY", settings.affinityJson() == null ? null
          : new com.fasterxml.jackson.databind.ObjectMapper().readValue(settings.affinityJson(), Map.class));
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

  @Override
  public Map<JobHandle, JobStatus> poll(Collection<JobHandle> jobs) {
    Map<String, List<Handle>> byNamespace = new HashMap<>();
    for (JobHandle h : jobs) {
      Handle k = (Handle) h;
      byNamespace.computeIfAbsent(k.namespace(), n -> new ArrayList<>()).add(k);
    }
    Map<JobHandle, JobStatus> out = new HashMap<>();
    for (Map.Entry<String, List<Handle>> e : byNamespace.entrySet()) {
      Map<String, Job> live = new HashMap<>();
      // One list per namespace and label selector for all of this engine's jobs.
      for (Job j : client.batch().v1().jobs().inNamespace(e.getKey()).withLabelSelector(SELECTOR).list().getItems()) {
        live.put(j.getMetadata().getName(), j);
      }
      for (Handle h : e.getValue()) {
        Job j = live.get(h.jobId());
        JobStatus status;
        if (j == null) {
          status = JobStatus.lost("Kubernetes Job " + h.namespace() + "/" + h.jobId() + " disappeared");
          deleteQuietly(h.namespace(), h.jobId());
        } else {
          status = finalStatus(j);
          if (status == null) {
            status = j.getStatus() != null && j.getStatus().getActive() != null && j.getStatus().getActive() > 0
                ? JobStatus.RUNNING : JobStatus.QUEUED;
          } else {
            status = finish(h, status);
          }
        }
        out.put(h, status);
      }
    }
    return out;
  }

  /** The final status of a Job, or null while it runs (honours backoffLimit and the deadline). */
  static JobStatus finalStatus(Job j) {
    var s = j.getStatus();
    if (s == null) {
      return null;
    }
    if (s.getConditions() != null) {
      for (JobCondition c : s.getConditions()) {
        if (!"True".equals(c.getStatus())) {
          continue;
        }
        if ("Complete".equals(c.getType()) || "SuccessCriteriaMet".equals(c.getType())) {
          return JobStatus.exited(0);
        }
        if ("Failed".equals(c.getType()) || "FailureTarget".equals(c.getType())) {
          return new JobStatus(JobState.FAILED, null, "Kubernetes Job failed: "
              + (c.getReason() == null ? "" : c.getReason())
              + (c.getMessage() == null ? "" : " (" + c.getMessage() + ")"));
        }
      }
    }
    if (s.getSucceeded() != null && s.getSucceeded() > 0 && (s.getActive() == null || s.getActive() == 0)) {
      return JobStatus.exited(0);
    }
    return null;
  }

  /** Pod logs into the task log, the exit code from the pod, then the Job and Secret deleted. */
  private JobStatus finish(Handle h, JobStatus status) {
    Integer exitCode = status.exitCode();
    try {
      List<Pod> pods = client.pods().inNamespace(h.namespace()).withLabel("job-name", h.jobId()).list().getItems();
      StringBuilder logs = new StringBuilder();
      for (Pod p : pods) {
        String name = p.getMetadata().getName();
        logs.append("---- pod ").append(name).append(" ----\n");
        try {
          String log = client.pods().inNamespace(h.namespace()).withName(name).getLog();
          logs.append(log == null ? "" : log);
          if (log != null && !log.endsWith("\n")) {
            logs.append('\n');
          }
        } catch (KubernetesClientException e) {
          logs.append("(log unavailable: ").append(describe(e)).append(")\n");
        }
        if (exitCode == null && p.getStatus() != null && p.getStatus().getContainerStatuses() != null) {
          for (ContainerStatus c : p.getStatus().getContainerStatuses()) {
            if (c.getState() != null && c.getState().getTerminated() != null) {
              exitCode = c.getState().getTerminated().getExitCode();
            }
          }
        }
      }
      appendLog(h.spec(), logs.toString());
    } catch (KubernetesClientException | IOException e) {
      LOG.warn("could not read the logs of Kubernetes Job {}: {}", h.jobId(), e.toString());
    }
    if (status.state() == JobState.FAILED && status.exitCode() == null) {
      // keep the detail, add the code when the pod told it
      status = new JobStatus(JobState.FAILED, exitCode, status.detail());
    }
    if (settings.keepJobs()) {
      client.secrets().inNamespace(h.namespace()).withName(secretName(h.jobId())).delete();
    } else {
      deleteQuietly(h.namespace(), h.jobId());
    }
    return status;
  }

  @Override
  public void kill(Collection<JobHandle> jobs) {
    for (JobHandle j : jobs) {
      Handle h = (Handle) j;
      deleteQuietly(h.namespace(), h.jobId());
      try {
        appendLog(h.spec(), "deleted Kubernetes Job " + h.namespace() + "/" + h.jobId() + "\n");
      } catch (IOException ignored) {
        // the log is best effort here
      }
    }
  }

  private void delete(String ns, String name, boolean wait) {
    var job = client.batch().v1().jobs().inNamespace(ns).withName(name);
    job.withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND).delete();
    client.secrets().inNamespace(ns).withName(secretName(name)).delete();
    if (wait) {
      try {
        job.waitUntilCondition(java.util.Objects::isNull, 60, java.util.concurrent.TimeUnit.SECONDS);
      } catch (KubernetesClientException | IllegalStateException e) {
        LOG.debug("Job {} still terminating: {}", name, e.toString());
      }
    }
  }

  private void deleteQuietly(String ns, String name) {
    try {
      delete(ns, name, false);
    } catch (KubernetesClientException e) {
      LOG.warn("could not delete Kubernetes Job {}/{} or its Secret: {}", ns, name, describe(e));
    }
  }

  private static void appendLog(JobSpec spec, String text) throws IOException {
    if (spec.logFile() == null) {
      return;
    }
    Files.createDirectories(spec.logFile().toAbsolutePath().getParent());
    Files.writeString(spec.logFile(), text, StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private static String describe(KubernetesClientException e) {
    String m = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
    if (e.getCode() == 401 || e.getCode() == 403) {
      return "HTTP " + e.getCode() + ": " + m + " (check the kube context and the RBAC of this user"
          + " for jobs, pods, pods/log and secrets in the namespace)";
    }
    return m == null ? e.toString() : m.lines().findFirst().orElse(m);
  }

  @Override
  public void close() {
    client.close();
  }
}
