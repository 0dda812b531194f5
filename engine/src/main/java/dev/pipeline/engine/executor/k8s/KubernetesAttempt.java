package dev.pipeline.engine.executor.k8s;

import dev.pipeline.engine.model.TaskFamily;
import dev.pipeline.engine.command.CommandLookup;
import dev.pipeline.engine.command.ConfiguredCommand;
import dev.pipeline.engine.config.ParameterSources;
import dev.pipeline.engine.executor.JobMonitor;
import dev.pipeline.engine.executor.JobSpec;
import dev.pipeline.engine.executor.JobState;
import dev.pipeline.engine.executor.JobStatus;
import dev.pipeline.engine.model.ParameterSpec;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.TaskFailedException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * One attempt of a task as a Kubernetes Job: what the attempt runner does instead of run() for a
 * family with {@code executor = kubernetes} in its cfg section, or a {@link RunsOnKubernetes} task
 * that asks for it. In the pod runs either the family's cfg command (outputs are their s3://
 * locations) or the task itself through the launcher in the image ({@code pipeline run FAMILY
 * --param value ...}; its requirements are complete on S3, so only this task runs there).
 *
 * <p>Kept apart from the scheduler so it can join a general remote-executor dispatch later: the
 * whole hook is {@link #forTask} plus {@link #run}.
 */
public final class KubernetesAttempt implements AutoCloseable {
  private static volatile KubernetesAttempt installed;
  /** Set in every pod the engine starts, so a task there runs in place and is not sent again. */
  public static final String IN_POD = "PIPELINE_IN_KUBERNETES";

  private final KubernetesSettings settings;
  private final KubernetesSelection selection;
  private final Supplier<KubernetesClient> clients;
  private final Supplier<Map<String, String>> secretData;
  private final Map<String, String> podEnvironment;
  private final String runId;
  private JobMonitor monitor;

  public KubernetesAttempt(KubernetesSettings settings, Set<String> families,
      Supplier<KubernetesClient> clients, Supplier<Map<String, String>> secretData,
      Map<String, String> podEnvironment, String runId) {
    this(settings, KubernetesSelection.of(families), clients, secretData, podEnvironment, runId);
  }

  public KubernetesAttempt(KubernetesSettings settings, KubernetesSelection selection,
      Supplier<KubernetesClient> clients, Supplier<Map<String, String>> secretData,
      Map<String, String> podEnvironment, String runId) {
    this.settings = settings;
    this.selection = selection;
    this.clients = clients;
    this.secretData = secretData;
    this.podEnvironment = Map.copyOf(podEnvironment);
    this.runId = runId;
  }

  /** The default wiring: kube config from ~/.kube/config or the pod, S3 credentials from the AWS chain. */
  public static KubernetesAttempt fromConfig(Map<String, String> kubernetesSection,
      KubernetesSelection selection) {
    var s3 = dev.pipeline.api.targets.s3.S3Settings.current();
    Map<String, String> env = new LinkedHashMap<>();
    if (s3.endpoint() != null) {
      env.put("AWS_ENDPOINT_URL", s3.endpoint().toString());
    }
    if (s3.region() != null) {
      env.put("AWS_REGION", s3.region());
    }
    env.put("PIPELINE_S3_PATH_STYLE", Boolean.toString(s3.pathStyle()));
    return new KubernetesAttempt(KubernetesSettings.from(kubernetesSection), selection,
        () -> new KubernetesClientBuilder().build(),
        () -> dev.pipeline.api.targets.s3.S3Clients.credentialEnvironment(
            software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider.builder().build()),
        env, Long.toString(System.currentTimeMillis(), 36));
  }

  public static void install(KubernetesAttempt attempt) {
    KubernetesAttempt old = installed;
    installed = attempt;
    if (old != null && old != attempt) {
      old.close();
    }
  }

  /** The installed Kubernetes path if {@code task} runs there, else null. */
  public static KubernetesAttempt forTask(Task task) {
    if (System.getenv(IN_POD) != null) {
      return null; // already inside the Job's pod: run here
    }
    KubernetesAttempt k = installed;
    if (k == null) {
      return task instanceof RunsOnKubernetes r && r.runsOnKubernetes()
          ? (installed = fromConfig(Map.of(), KubernetesSelection.of(Set.of()))) : null;
    }
    boolean wanted = k.selection.wants(task)
        || task instanceof RunsOnKubernetes r && r.runsOnKubernetes();
    return wanted ? k : null;
  }

  private synchronized JobMonitor monitor() throws IOException {
    if (monitor == null) {
      monitor = new JobMonitor(new KubernetesExecutor(clients.get(), settings, secretData, podEnvironment));
    }
    return monitor;
  }

  /** The pod's command: the cfg command, or the task through the image's launcher. */
  List<String> podCommand(Task task, ConfiguredCommand command, Path runDirectory,
      List<String> gpus) throws TaskFailedException {
    if (command != null) {
      return command.renderRemote(task, runDirectory, gpus);
    }
    List<String> argv = new ArrayList<>(settings.launcher());
    argv.add("run");
    argv.add(TaskFamily.of(task).name());
    for (ParameterSpec p : TaskFamily.of(task).parameters()) {
      if (p.get(task) != null) {
        argv.add("--" + p.name());
        argv.add(p.render(task));
      }
    }
    return argv;
  }

  private JobSpec spec(Task task, List<String> argv, Path runDirectory, Path logFile) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PIPELINE_RUN_ID", runId);
    env.put("PIPELINE_TASK_ID", task.id().canonical());
    env.put("PIPELINE_TASK_DIGEST", task.id().digest());
    env.put("PIPELINE_FAMILY", TaskFamily.of(task).name());
    env.put(IN_POD, "1");
    String name = KubernetesExecutor.jobName(TaskFamily.of(task).name(), task.id().digest());
    return new JobSpec(name, argv, env, runDirectory, logFile, null, null);
  }

  /** A Job written for the user to submit by hand; {@code yaml} holds no credentials. */
  public record ManualJob(String name, String namespace, String yaml) {}

  /**
   * The Job this attempt would submit for {@code task}, as YAML for {@code kubectl apply}
   * ({@code --manual}): nothing is submitted. The Job reads the S3 credentials from {@code
   * secret}, which the user creates; the engine makes one Secret per Job and deletes it
   * afterwards, by hand one shared Secret is simpler.
   */
  public ManualJob manual(Task task, Path runDirectory, String secret)
      throws IOException, TaskFailedException {
    ConfiguredCommand command = new CommandLookup(ParameterSources.current())
        .forFamily(TaskFamily.of(task)).orElse(null);
    List<String> argv = podCommand(task, command, runDirectory, List.of());
    JobSpec spec = spec(task, argv, runDirectory, null);
    Map<String, Object> values = JobValues.of(settings, podEnvironment, spec, settings.namespace(),
        JobValues.labels(spec));
    values.put("SECRET", secret);
    JobTemplate template = JobTemplate.load(settings.jobTemplate());
    template.job(values); // what the engine would refuse to submit is refused here too
    return new ManualJob(spec.name(), settings.namespace(), template.render(values));
  }

  /** Runs the attempt as a Job and waits for it; interruption deletes the Job and its Secret. */
  public void run(Task task, ConfiguredCommand command, TaskContext context, BooleanSupplier cancelled)
      throws IOException, InterruptedException, TaskFailedException {
    List<String> argv = podCommand(task, command, context.runDirectory(), context.gpus());
    JobSpec spec = spec(task, argv, context.runDirectory(), context.logFile());
    String name = spec.name();
    context.log().println("kubernetes: " + String.join(" ", argv));
    context.log().flush();
    JobMonitor m = monitor();
    JobMonitor.Submitted submitted;
    try {
      submitted = m.submit(spec);
    } catch (IOException e) {
      throw new TaskFailedException(e.getMessage(), true); // says what to fix; no stack needed
    }
    JobStatus status;
    try {
      while (true) {
        if (cancelled.getAsBoolean()) {
          throw new InterruptedException("cancelled");
        }
        try {
          status = submitted.result().get(200, TimeUnit.MILLISECONDS);
          break;
        } catch (TimeoutException e) {
          // keep waiting
        }
      }
    } catch (InterruptedException e) {
      m.kill(submitted.handle());
      throw e;
    } catch (ExecutionException e) {
      throw new IOException("Kubernetes Job " + name + ": " + e.getCause(), e.getCause());
    }
    if (status.state() != JobState.SUCCEEDED) {
      throw new TaskFailedException("Kubernetes Job " + settings.namespace() + "/" + name + " "
          + (status.state() == JobState.LOST ? "was lost" : "failed")
          + (status.exitCode() == null ? "" : " with exit code " + status.exitCode())
          + (status.detail() == null ? "" : ": " + status.detail()), true);
    }
  }

  /** Kills the Jobs still running (end of run, Ctrl-C) and stops following them. */
  @Override
  public synchronized void close() {
    if (monitor != null) {
      monitor.killAll();
      monitor.close();
      monitor = null;
    }
  }
}
