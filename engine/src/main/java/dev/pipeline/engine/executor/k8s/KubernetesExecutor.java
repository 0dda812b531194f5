package dev.pipeline.engine.executor.k8s;

import dev.pipeline.engine.executor.Executor;
import dev.pipeline.engine.executor.JobHandle;
import dev.pipeline.engine.executor.JobSpec;
import dev.pipeline.engine.executor.JobState;
import dev.pipeline.engine.executor.JobStatus;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs as Kubernetes batch/v1 Jobs through fabric8. {@link #submit} creates a Secret with the
 * S3 credentials and the Job (rendered from {@code templates/k8s-job.yaml}, the secret referenced by
 * name only) and starts streaming the Job's pod logs into the task log ({@link PodLogFollower});
 * {@link #poll} answers from one watch per namespace and label selector ({@link ClusterState}),
 * not from a call per job or per interval; finished jobs get the rest of their logs and have their
 * Job and Secret deleted; {@link #kill} deletes both. The pod's exit code, as the kubelet reports
 * it, is the job's: a pod shares no file system with the engine, so jobs get no exit-code file.
 * After an engine restart the scheduler re-attaches through {@link #reattach} from its job
 * record; and since Job names are derived from the task, {@link #submit} too finds a Job still
 * running for the task and re-attaches to it instead of submitting another.
 */
public final class KubernetesExecutor implements Executor {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesExecutor.class);
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String RUN_LABEL = "pipeline.dev/run";
  public static final String TASK_LABEL = "pipeline.dev/task";
  public static final String FAMILY_LABEL = "pipeline.dev/family";
  static final String SELECTOR = MANAGED_BY + "=pipeline";
  /** Set in every pod the engine starts, so a task there runs in place and is not sent again. */
  public static final String IN_POD = "PIPELINE_IN_KUBERNETES";
  /** How long a finished Job's pods get to deliver the rest of their logs before it is deleted. */
  private static final Duration LOG_DRAIN = Duration.ofSeconds(30);
  private static final Duration WATCH_RECONNECT = Duration.ofMillis(500);

  private final KubernetesClient client;
  private final KubernetesSettings settings;
  private final JobTemplate template;
  private final Supplier<Map<String, String>> secretData;
  private final Map<String, String> podEnvironment;
  private final ClusterState state;
  private final LogFollowers logs;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** How finished Jobs ended (they are deleted then), so that a poll asking again gets the same. */
  private final Map<String, JobStatus> finished = new ConcurrentHashMap<>();

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
    this.state = new ClusterState(client, SELECTOR, WATCH_RECONNECT);
    Duration retry = settings.pollInterval().compareTo(Duration.ofSeconds(2)) > 0
        ? Duration.ofSeconds(2) : settings.pollInterval();
    this.logs = new LogFollowers(client, state, retry);
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

  private Handle following(Handle h) {
    logs.start(h);
    return h;
  }

  static String secretName(String job) {
    return job + "-s3";
  }

  /** A submitted (or re-attached) Job. */
  public record Handle(String jobId, String namespace, JobSpec spec, boolean reattached) implements JobHandle {
    @Override
    public String location() {
      return namespace;
    }
  }

  /** A Job an earlier engine submitted; {@code location} is its namespace. */
  @Override
  public JobHandle reattach(String jobId, String location, JobSpec spec) throws IOException {
    String ns = location.isEmpty() ? settings.namespace() : location;
    state.follow(ns);
    finished.remove(ns + "/" + jobId);
    appendLog(spec, "re-attached to Kubernetes Job " + ns + "/" + jobId
        + " (submitted earlier); its pod log goes on where this file stopped\n");
    return following(new Handle(jobId, ns, spec, true));
  }

  @Override
  public JobHandle submit(JobSpec spec) throws IOException {
    String name = spec.name();
    String ns = settings.namespace();
    state.follow(ns);
    finished.remove(ns + "/" + name);
    try {
      Job existing = client.batch().v1().jobs().inNamespace(ns).withName(name).get();
      if (existing != null) {
        if (JobStatuses.of(existing) == null) {
          LOG.info("re-attaching to Kubernetes Job {}/{} still running for this task", ns, name);
          appendLog(spec, "re-attached to Kubernetes Job " + ns + "/" + name
              + " (submitted earlier); its pod log goes on where this file stopped\n");
          return following(new Handle(name, ns, spec, true));
        }
        // A finished Job of an earlier run: it did not produce the outputs, so run again.
        delete(ns, name, true);
      }
      Map<String, String> labels = JobValues.labels(spec);
      Secret secret = new SecretBuilder().withNewMetadata().withName(secretName(name)).withNamespace(ns)
          .withLabels(labels).endMetadata().withType("Opaque").withStringData(secretData.get()).build();
      client.secrets().inNamespace(ns).resource(secret).createOr(r -> r.update());
      Job job = template.job(JobValues.of(settings, podEnvironment, spec, ns, labels));
      Job created;
      try {
        created = client.batch().v1().jobs().inNamespace(ns).resource(job).create();
      } catch (KubernetesClientException e) {
        client.secrets().inNamespace(ns).withName(secretName(name)).delete();
        throw e;
      }
      ownSecret(ns, name, created);
      appendLog(spec, "submitted Kubernetes Job " + ns + "/" + name + " (image " + settings.image() + ")\n");
      return following(new Handle(name, ns, spec, false));
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

  /** A Job written for the user to submit by hand; {@code yaml} holds no credentials. */
  public record ManualJob(String name, String namespace, String yaml) {}

  /**
   * The Job {@link #submit} would create for {@code spec}, as YAML for {@code kubectl apply}
   * ({@code --manual}): nothing is submitted. The Job reads the S3 credentials from {@code
   * secret}, which the user creates; the engine makes one Secret per Job and deletes it
   * afterwards, by hand one shared Secret is simpler.
   */
  public ManualJob manual(JobSpec spec, String secret) throws IOException {
    String ns = settings.namespace();
    Map<String, Object> values = JobValues.of(settings, podEnvironment, spec, ns, JobValues.labels(spec));
    values.put("SECRET", secret);
    template.job(values); // what the engine would refuse to submit is refused here too
    return new ManualJob(spec.name(), ns, template.render(values));
  }

  /** Answers from the watched copy of the namespace's Jobs: no API call per poll or per job. */
  @Override
  public Map<JobHandle, JobStatus> poll(Collection<JobHandle> jobs) {
    Map<JobHandle, JobStatus> out = new HashMap<>();
    for (JobHandle handle : jobs) {
      Handle h = (Handle) handle;
      JobStatus done = finished.get(h.namespace() + "/" + h.jobId());
      if (done != null) {
        out.put(h, done);
        continue;
      }
      Job j = state.job(h.namespace(), h.jobId());
      JobStatus status;
      if (j == null) {
        status = JobStatus.lost("Kubernetes Job " + h.namespace() + "/" + h.jobId() + " disappeared");
        logs.stop(h);
        deleteQuietly(h.namespace(), h.jobId());
      } else {
        status = JobStatuses.of(j);
        if (status == null) {
          status = active(j) ? JobStatus.RUNNING : JobStatus.QUEUED;
        } else {
          status = finish(h, status);
          finished.put(h.namespace() + "/" + h.jobId(), status);
        }
      }
      out.put(h, status);
    }
    return out;
  }

  private static boolean active(Job j) {
    return j.getStatus() != null && j.getStatus().getActive() != null && j.getStatus().getActive() > 0;
  }

  /** Jobs without a pod yet, from the watched copy. */
  @Override
  public List<JobHandle> queuedAmong(Collection<? extends JobHandle> jobs) {
    List<JobHandle> out = new ArrayList<>();
    for (JobHandle handle : jobs) {
      Job j = state.job(((Handle) handle).namespace(), handle.jobId());
      if (j != null && JobStatuses.of(j) == null && !active(j)) {
        out.add(handle);
      }
    }
    return out;
  }

  /** The rest of the pod logs into the task log, the exit code from the pod, then Job and Secret deleted. */
  private JobStatus finish(Handle h, JobStatus status) {
    if (!logs.finish(h, LOG_DRAIN)) {
      appendLogQuietly(h.spec(), "(stopped following the pod log after " + LOG_DRAIN.toSeconds()
          + " s; the rest is not in this file)\n");
    }
    Integer exitCode = status.exitCode();
    try {
      for (Pod p : state.pods(h.namespace(), h.jobId())) {
        exitCode = exitCode != null ? exitCode : JobStatuses.exitCode(p);
      }
    } catch (KubernetesClientException e) {
      LOG.debug("no exit code for Kubernetes Job {}: {}", h.jobId(), describe(e));
    }
    if (status.state() == JobState.FAILED && status.exitCode() == null) {
      // keep the detail, add the code when the pod told it
      status = new JobStatus(JobState.FAILED, exitCode, exitCode == null ? status.detail()
          : status.detail() + "; exit code " + exitCode);
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
      logs.stop(h);
      deleteQuietly(h.namespace(), h.jobId());
      appendLogQuietly(h.spec(), "deleted Kubernetes Job " + h.namespace() + "/" + h.jobId() + "\n");
    }
  }

  private void delete(String ns, String name, boolean wait) {
    var job = client.batch().v1().jobs().inNamespace(ns).withName(name);
    job.withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    client.secrets().inNamespace(ns).withName(secretName(name)).delete();
    if (wait) {
      try {
        job.waitUntilCondition(Objects::isNull, 60, TimeUnit.SECONDS);
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

  private static void appendLogQuietly(JobSpec spec, String text) {
    try {
      appendLog(spec, text);
    } catch (IOException e) {
      LOG.debug("task log of {}: {}", spec.name(), e.toString()); // the log is best effort here
    }
  }

  private String describe(KubernetesClientException e) {
    return KubernetesErrors.describe(e, client.getMasterUrl());
  }

  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return; // its monitor and the run's executors both close it
    }
    logs.close();
    state.close();
    client.close();
  }
}
