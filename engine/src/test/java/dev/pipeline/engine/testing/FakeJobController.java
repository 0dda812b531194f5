package dev.pipeline.engine.testing;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plays the Kubernetes Job controller and kubelet against the fabric8 CRUD mock server: for each
 * new Job it creates a running pod, runs the container's command as a local process with the
 * container's env plus the referenced Secret, writes its output to the pod's log line by line as
 * it comes ({@link FakePodLogs}), and when it exits sets the pod's and the Job's status (Complete,
 * or Failed with BackoffLimitExceeded). A command starting with {@code hold} is left running
 * (status active=1) until {@link #complete} is called; {@link #log} writes to its pod meanwhile,
 * and {@link #retry} fails its pod and starts another, as the Job controller does under
 * backoffLimit. Deleting a Job terminates its container's process and everything it started.
 */
public final class FakeJobController implements AutoCloseable {
  private final KubernetesClient client;
  private final FakePodLogs logs;
  private final String namespace;
  private final Watch watch;
  /** Every Job as created, for checks on the manifests. */
  public final List<Job> created = new CopyOnWriteArrayList<>();
  /** Every Secret's data seen by a pod. */
  public final Map<String, Map<String, String>> secretsSeen = new ConcurrentHashMap<>();
  private final Map<String, Boolean> handled = new ConcurrentHashMap<>();
  /** The current pod of each Job. */
  private final Map<String, String> pods = new ConcurrentHashMap<>();
  /** The running container process of each Job. */
  private final Map<String, Process> processes = new ConcurrentHashMap<>();
  private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    QUIET.setLevel(java.util.logging.Level.WARNING);
  }

  public FakeJobController(MockCluster cluster, String namespace) {
    this.client = cluster.client;
    this.logs = cluster.logs;
    this.namespace = namespace;
    this.watch = client.batch().v1().jobs().inNamespace(namespace).watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, Job job) {
        if (action == Action.DELETED) {
          kill(job.getMetadata().getName());
        } else if (action == Action.ADDED && handled.putIfAbsent(job.getMetadata().getUid(), true) == null) {
          created.add(job);
          Thread t = new Thread(() -> runQuietly(job), "fake-kubelet-" + job.getMetadata().getName());
          t.setDaemon(true);
          t.start();
        }
      }

      @Override
      public void onClose(WatcherException cause) {}
    });
  }

  private void runQuietly(Job job) {
    try {
      runJob(job);
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      // the Job was deleted (killed) while its pod started: a real kubelet just stops too
    }
  }

  private void runJob(Job job) {
    String name = job.getMetadata().getName();
    var container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    List<String> argv = container.getCommand();
    String pod = startPod(job, name + "-abcde");
    setActive(name);
    if (argv.get(0).equals("hold")) {
      return;
    }
    Map<String, String> env = new HashMap<>();
    for (EnvVar v : container.getEnv()) {
      env.put(v.getName(), v.getValue());
    }
    for (EnvFromSource from : container.getEnvFrom()) {
      String secretName = from.getSecretRef().getName();
      Secret s = client.secrets().inNamespace(namespace).withName(secretName).get();
      Map<String, String> data = new HashMap<>();
      if (s != null && s.getStringData() != null) {
        data.putAll(s.getStringData());
      }
      if (s != null && s.getData() != null) {
        s.getData().forEach((k, v) -> data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
      }
      secretsSeen.put(secretName, data);
      env.putAll(data);
    }
    int code;
    try {
      ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(argv)).redirectErrorStream(true);
      pb.environment().putAll(env);
      Process p = pb.start();
      processes.put(name, p);
      try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          logs.write(pod, line + "\n"); // live, as the kubelet would serve it
        }
      }
      code = p.waitFor();
      processes.remove(name, p);
    } catch (Exception e) {
      logs.write(pod, e + "\n");
      code = 127;
    }
    finish(name, pod, code, "");
  }

  /** A deleted Job's pod is terminated, with everything its container started, as a kubelet does. */
  private void kill(String jobName) {
    Process p = processes.remove(jobName);
    if (p != null) {
      List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
      p.destroy();
      tree.forEach(ProcessHandle::destroy);
    }
  }

  private String startPod(Job job, String pod) {
    Map<String, String> labels = new HashMap<>(job.getSpec().getTemplate().getMetadata().getLabels());
    labels.put("job-name", job.getMetadata().getName());
    labels.put("controller-uid", job.getMetadata().getUid());
    client.pods().inNamespace(namespace).withName(pod).delete(); // a pod of an earlier Job of this name
    client.pods().inNamespace(namespace).resource(new PodBuilder().withNewMetadata().withName(pod)
        .withNamespace(namespace).withLabels(labels).endMetadata().withNewStatus().withPhase("Running")
        .addNewContainerStatus().withName("task").withNewState().withNewRunning().endRunning().endState()
        .endContainerStatus().endStatus().build()).create();
    logs.start(pod);
    pods.put(job.getMetadata().getName(), pod);
    return pod;
  }

  /** Writes to the log of a held Job's current pod. */
  public void log(String jobName, String text) {
    awaitActive(jobName);
    logs.write(pods.get(jobName), text);
  }

  /** Fails the held Job's current pod with this log and exit code and starts the next attempt's pod. */
  public String retry(String jobName, int code, String log) {
    awaitActive(jobName);
    String old = pods.get(jobName);
    logs.write(old, log);
    endPod(old, code);
    Job job = client.batch().v1().jobs().inNamespace(namespace).withName(jobName).get();
    return startPod(job, jobName + "-retry" + System.nanoTime() % 100000);
  }

  /** Ends a held job with this exit code and log. */
  public void complete(String jobName, int code, String log) {
    awaitActive(jobName);
    finish(jobName, pods.get(jobName), code, log);
  }

  /** Waits until the fake kubelet started the Job's pod. */
  public void awaitActive(String jobName) {
    try {
      Processes.await(java.time.Duration.ofSeconds(10), () -> {
        Job j = client.batch().v1().jobs().inNamespace(namespace).withName(jobName).get();
        return j != null && j.getStatus() != null && Integer.valueOf(1).equals(j.getStatus().getActive())
            && pods.containsKey(jobName)
            && client.pods().inNamespace(namespace).withName(pods.get(jobName)).get() != null;
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void setActive(String name) {
    client.batch().v1().jobs().inNamespace(namespace).withName(name).editStatus(j ->
        new JobBuilder(j).withNewStatus().withActive(1).endStatus().build());
  }

  private void finish(String name, String pod, int code, String output) {
    if (!output.isEmpty()) {
      logs.write(pod, output);
    }
    endPod(pod, code);
    var jobs = client.batch().v1().jobs().inNamespace(namespace).withName(name);
    if (jobs.get() == null) {
      return; // deleted meanwhile (killed)
    }
    jobs.editStatus(j -> code == 0
        ? new JobBuilder(j).withNewStatus().withSucceeded(1).withActive(0).addNewCondition()
            .withType("Complete").withStatus("True").endCondition().endStatus().build()
        : new JobBuilder(j).withNewStatus().withFailed(1).withActive(0).addNewCondition()
            .withType("Failed").withStatus("True").withReason("BackoffLimitExceeded")
            .withMessage("Job has reached the specified backoff limit").endCondition().endStatus().build());
  }

  private void endPod(String pod, int code) {
    client.pods().inNamespace(namespace).withName(pod).editStatus(p -> new PodBuilder(p).withNewStatus()
        .withPhase(code == 0 ? "Succeeded" : "Failed").addNewContainerStatus().withName("task").withNewState()
        .withNewTerminated().withExitCode(code).endTerminated().endState().endContainerStatus().endStatus().build());
  }

  @Override
  public void close() {
    watch.close();
    List.copyOf(processes.keySet()).forEach(this::kill);
  }
}
