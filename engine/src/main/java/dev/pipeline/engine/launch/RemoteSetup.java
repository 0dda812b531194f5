package dev.pipeline.engine.launch;

import dev.pipeline.engine.model.TaskFamily;
import dev.pipeline.engine.config.ConfigException;
import dev.pipeline.engine.config.ConfigNames;
import dev.pipeline.engine.config.ConfigValue;
import dev.pipeline.engine.config.PipelineConfig;
import dev.pipeline.engine.config.Suggestions;
import dev.pipeline.engine.config.ValueParsers;
import dev.pipeline.api.error.UsageException;
import dev.pipeline.api.targets.s3.S3Settings;
import dev.pipeline.engine.executor.condor.CondorExecutor;
import dev.pipeline.engine.executor.grid.GridExecutor;
import dev.pipeline.engine.executor.grid.GridOptions;
import dev.pipeline.engine.executor.grid.JobResources;
import dev.pipeline.engine.executor.grid.ProcessCommandRunner;
import dev.pipeline.engine.executor.k8s.KubernetesAccess;
import dev.pipeline.engine.executor.k8s.KubernetesExecutor;
import dev.pipeline.engine.executor.k8s.KubernetesSettings;
import dev.pipeline.engine.executor.lsf.LsfExecutor;
import dev.pipeline.engine.executor.pbs.PbsExecutor;
import dev.pipeline.engine.executor.slurm.SlurmExecutor;
import dev.pipeline.api.Task;
import dev.pipeline.engine.model.TaskArguments;
import dev.pipeline.engine.model.TaskRegistry;
import dev.pipeline.engine.remote.PodCommandLine;
import dev.pipeline.engine.remote.RemoteExecution;
import dev.pipeline.engine.remote.RemoteTaskSettings;
import dev.pipeline.engine.remote.TaskCommandLine;
import java.io.IOException;
import dev.pipeline.engine.run.BuiltinSettings;
import dev.pipeline.engine.run.GridSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Which executor runs each task, from the cfg and the command line, and the backends' own
 * settings: the one place that decides where a task runs. Precedence for a task: {@code [Family]
 * executor} over the run-wide {@code --executor} over {@code [core] executor} over {@code local}.
 * A task without outputs (a wrapper) stays local unless its own section names an executor. Job
 * settings ({@code time}, {@code cpus}, ...) come from {@code [Family]} over {@code [slurm]} /
 * {@code [condor]} / {@code [lsf]} / {@code [pbs]}; a Kubernetes Job's from {@code [kubernetes]}. Inside a pod the engine started
 * every task runs in place: it was sent there to run.
 */
public final class RemoteSetup {
  private static final List<String> ALL_EXECUTORS = RemoteExecution.EXECUTORS;

  /** Per-family keys of cluster jobs (allowed in every task family's section). */
  public static final Set<String> JOB_KEYS = Set.of("partition", "account", "time", "cpus",
      "memory", "disk", "directives", "max_restarts", "array_parallelism");

  private final PipelineConfig config;
  private final BuiltinSettings builtin;
  private final String runWide;
  private final Map<String, String> environment;
  private final boolean inPod;
  private final Map<String, RemoteTaskSettings> settings = new ConcurrentHashMap<>();
  private final Map<String, String> familyExecutor = new ConcurrentHashMap<>();

  private RemoteSetup(PipelineConfig config, BuiltinSettings builtin, String runWide,
      Map<String, String> environment) {
    this.config = config;
    this.builtin = builtin;
    this.runWide = runWide;
    this.environment = environment;
    this.inPod = environment.containsKey(KubernetesExecutor.IN_POD);
  }

  /**
   * @param cliExecutor {@code --executor}, or null
   * @param launcher how a node starts {@code pipeline} unless the cfg says ({@code launcher})
   * @param runArguments arguments every {@code run-task} gets ({@code --classpath}, {@code
   *     --Family-param=value})
   * @param environment this process's environment (user name, variables HTCondor jobs get)
   */
  public static RemoteExecution create(RunSetup setup, String cliExecutor, Path runDirectory,
      List<String> launcher, List<String> runArguments, Map<String, String> environment) {
    S3Settings s3 = setup.settings().s3();
    return create(setup, cliExecutor, runDirectory, launcher, runArguments, environment,
        KubernetesAccess.standard(s3));
  }

  /** As above, reaching Kubernetes through {@code kubernetes} (a test's mock cluster). */
  public static RemoteExecution create(RunSetup setup, String cliExecutor, Path runDirectory,
      List<String> launcher, List<String> runArguments, Map<String, String> environment,
      KubernetesAccess kubernetes) {
    PipelineConfig config = setup.config();
    String runWide = cliExecutor != null ? check(cliExecutor, "--executor", null)
        : setup.settings().core().executor();
    boolean kubernetesNamed = runWide.equals(RemoteExecution.KUBERNETES);
    for (String section : config.sections()) {
      Optional<ConfigValue> v = config.get(section, "executor");
      if (v.isPresent()) {
        kubernetesNamed |= check(v.get().value(), null, v.get()).equals(RemoteExecution.KUBERNETES);
      }
    }
    refuseJobKeysOfLocalFamilies(setup, runWide);
    RemoteSetup s = new RemoteSetup(config, setup.settings(), runWide, environment);
    // Read with the cfg, so that a wrong [kubernetes] value has stopped the run before anything runs.
    KubernetesSettings k8s = kubernetesNamed || setup.settings().kubernetesConfigured()
        ? setup.settings().kubernetes() : null;
    TaskCommandLine command = new TaskCommandLine(s.launcher(launcher), runDirectory,
        config.file(), runArguments);
    PodCommandLine pods = k8s == null ? null
        : new PodCommandLine(k8s.launcher(), Long.toString(System.currentTimeMillis(), 36));
    Path stateDirectory = runDirectory.toAbsolutePath().normalize().resolve(".pipeline");
    return new RemoteExecution(new RemoteExecution.Selector() {
      @Override
      public String executorFor(Task task) {
        return s.executorFor(task);
      }

      @Override
      public RemoteTaskSettings settings(Task task) {
        return s.settings(task);
      }
    }, name -> name.equals(RemoteExecution.KUBERNETES) ? kubernetes.executor(k8s)
        : s.backend(name, stateDirectory), command, pods);
  }

  /**
   * A job key ({@code time}, {@code cpus}, {@code memory}, ...) in the section of a family that runs
   * locally would be read by nobody: refused, naming its line, rather than silently ignored.
   */
  private static void refuseJobKeysOfLocalFamilies(RunSetup setup, String runWide) {
    PipelineConfig config = setup.config();
    for (String section : config.sections()) {
      if (setup.registry().find(section) == null) {
        continue; // an engine section ([slurm] holds the defaults) or a shared one
      }
      String own = ownExecutor(config, section);
      if (!(own.isEmpty() ? runWide : own).equals(RemoteExecution.LOCAL)) {
        continue;
      }
      for (String key : JOB_KEYS) {
        Optional<ConfigValue> v = config.get(section, key);
        if (v.isPresent()) {
          throw ConfigException.of(v.get().where(), section, key,
              "only the slurm, condor, lsf, pbs and kubernetes executors read it, and " + section
                  + " runs locally", "set executor = slurm (or condor, lsf, pbs, kubernetes) in [" + section
                  + "], or remove the key");
        }
      }
    }
  }

  /**
   * The arguments every {@code run-task} of this run gets besides the task's own parameters: the
   * plugin class path and the {@code --Family-param} options of the command line, so that a node
   * builds the same requirements as the engine.
   */
  public static List<String> runArguments(TaskRegistry registry, String family,
      List<String> taskArguments, List<Path> classpath) {
    List<String> out = new ArrayList<>(classpathArgument(classpath));
    TaskArguments.parse(registry.family(family), registry, taskArguments).families()
        .forEach((f, params) -> params.forEach((k, v) -> out.add("--" + f + "-" + k + "=" + v)));
    return out;
  }

  /** {@code --classpath=A:B} for a node's {@code run-task}, absolute; nothing for no entries. */
  public static List<String> classpathArgument(List<Path> classpath) {
    if (classpath.isEmpty()) {
      return List.of();
    }
    List<String> parts = new ArrayList<>();
    classpath.forEach(p -> parts.add(p.toAbsolutePath().normalize().toString()));
    return List.of("--classpath=" + String.join(":", parts));
  }

  /**
   * A family's own executor: {@code executor} in its section or in a section it shares, in lower
   * case; empty when it names none.
   */
  private static String ownExecutor(PipelineConfig config, String family) {
    ConfigValue v = config.familySection(family).map(config::effectiveSection).orElse(Map.of())
        .get("executor");
    return v == null ? "" : v.value().strip().toLowerCase(Locale.ROOT);
  }

  private String executorFor(Task task) {
    String own = familyExecutor.computeIfAbsent(TaskFamily.of(task).name(), f -> ownExecutor(config, f));
    String chosen = !own.isEmpty() ? own
        : task.outputs().isEmpty() ? RemoteExecution.LOCAL : runWide;
    return inPod && chosen.equals(RemoteExecution.KUBERNETES) ? RemoteExecution.LOCAL : chosen;
  }

  private RemoteTaskSettings settings(Task task) {
    String family = TaskFamily.of(task).name();
    String executor = executorFor(task);
    RemoteTaskSettings base = settings.computeIfAbsent(family + "\0" + executor, k -> read(family, executor));
    return new RemoteTaskSettings(base.executor(), base.resources().withGpus(task.resources().gpus()),
        base.maxRestarts(), base.arrayParallelism(), base.maxArraySize());
  }

  private RemoteTaskSettings read(String family, String executor) {
    // [sandbox.Train], else [Train]: the section a family's parameters come from.
    Map<String, ConfigValue> own = config.familySection(family).map(config::effectiveSection).orElse(Map.of());
    Function<String, Optional<ConfigValue>> get = key -> {
      ConfigValue v = own.get(ConfigNames.key(key));
      return v != null ? Optional.of(v) : config.get(executor, key);
    };
    int cpus = parse(get.apply("cpus"), ValueParsers::parseInt, 0);
    long memory = parse(get.apply("memory"), JobResources::parseMegabytes, 0L);
    long disk = parse(get.apply("disk"), JobResources::parseMegabytes, 0L);
    Duration time = parse(get.apply("time"), ValueParsers::parseDuration, null);
    String partition = get.apply("partition").map(v -> v.value().strip()).orElse(null);
    String account = get.apply("account").map(v -> v.value().strip()).orElse(null);
    List<String> directives = new ArrayList<>();
    get.apply("directives").ifPresent(v -> {
      for (String line : v.value().split("\n")) {
        if (!line.isBlank()) {
          directives.add(line.strip());
        }
      }
    });
    JobResources resources = new JobResources(cpus, memory, disk, time, 0, partition, account, directives);
    return new RemoteTaskSettings(executor, resources,
        parse(get.apply("max_restarts"), ValueParsers::parseInt, 0),
        parse(get.apply("array_parallelism"), ValueParsers::parseInt, 0),
        grid(executor).maxArraySize());
  }

  /** The batch system's settings; a Kubernetes Job reads only max_array_size, as [condor]'s. */
  private GridSettings grid(String name) {
    return List.of("slurm", "condor", "lsf", "pbs").contains(name) ? builtin.grid(name)
        : builtin.condor();
  }

  private GridExecutor backend(String name, Path stateDirectory) throws IOException {
    GridSettings grid = grid(name);
    GridOptions options = GridOptions.of(stateDirectory,
        new ProcessCommandRunner(Duration.ofMinutes(2), grid.binDir()))
        .withPollInterval(grid.pollInterval())
        .withExitGrace(grid.exitGrace());
    return switch (name) {
      case "slurm" -> new SlurmExecutor(options,
          grid.user() != null ? grid.user() : System.getProperty("user.name"),
          SlurmExecutor.Accounting.valueOf(grid.sacct().toUpperCase(Locale.ROOT)));
      case "condor" -> new CondorExecutor(options, condorEnvironment(), grid.maxRetries());
      case "lsf" -> new LsfExecutor(options,
          grid.user() != null ? grid.user() : System.getProperty("user.name"),
          grid.format().equals("json"));
      case "pbs" -> new PbsExecutor(options,
          PbsExecutor.Flavor.valueOf(grid.format().toUpperCase(Locale.ROOT)));
      default -> throw new IllegalArgumentException("no backend " + name);
    };
  }

  /**
   * HTCondor jobs do not inherit the submitter's environment: forward the run's variables
   * ({@code PIPELINE_*}), the S3 endpoint and region, and any names listed in {@code [condor]
   * forward_env}. Secrets are not forwarded by default (they would be written to disk).
   */
  private Map<String, String> condorEnvironment() {
    Map<String, String> out = new LinkedHashMap<>();
    List<String> names = new ArrayList<>(List.of("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3",
        "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_SHARED_CREDENTIALS_FILE",
        "AWS_CONFIG_FILE", "S3_ENDPOINT_URL"));
    names.addAll(builtin.condor().forwardEnv());
    environment.forEach((k, v) -> {
      if (k.startsWith("PIPELINE_") || names.contains(k)) {
        out.put(k, v);
      }
    });
    return out;
  }

  private List<String> launcher(List<String> fallback) {
    return Optional.ofNullable(builtin.slurm().launcher())
        .or(() -> Optional.ofNullable(builtin.condor().launcher()))
        .or(() -> Optional.ofNullable(builtin.lsf().launcher()))
        .or(() -> Optional.ofNullable(builtin.pbs().launcher()))
        .or(() -> Optional.ofNullable(builtin.core().launcher()))
        .orElse(fallback);
  }

  private static String check(String value, String option, ConfigValue where) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (ALL_EXECUTORS.contains(v)) {
      return v;
    }
    String hint = Suggestions.closest(v, ALL_EXECUTORS).map(s -> "did you mean " + s + "? ")
        .orElse("") + "executors: " + String.join(", ", ALL_EXECUTORS);
    if (where == null) {
      throw new UsageException(option + ": unknown executor '" + value + "'; " + hint);
    }
    throw ConfigException.of(where.where(), where.section(), where.key(),
        "unknown executor '" + value + "'", hint);
  }

  private static <T> T parse(Optional<ConfigValue> value, Function<String, T> parser, T fallback) {
    if (value.isEmpty()) {
      return fallback;
    }
    ConfigValue v = value.get();
    try {
      return parser.apply(v.value().strip());
    } catch (IllegalArgumentException e) {
      throw ConfigException.of(v.where(), v.section(), v.key(), "wrong value '" + v.value() + "'",
          e.getMessage());
    }
  }
}
