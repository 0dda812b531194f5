package dev.pipeline.engine.launch;

import dev.pipeline.engine.model.TaskFamily;
import dev.pipeline.engine.config.ConfigException;
import dev.pipeline.engine.config.ConfigNames;
import dev.pipeline.engine.config.ConfigValue;
import dev.pipeline.engine.config.PipelineConfig;
import dev.pipeline.engine.config.Suggestions;
import dev.pipeline.engine.config.ValueParsers;
import dev.pipeline.api.error.UsageException;
import dev.pipeline.engine.executor.condor.CondorExecutor;
import dev.pipeline.engine.executor.grid.GridExecutor;
import dev.pipeline.engine.executor.grid.GridOptions;
import dev.pipeline.engine.executor.grid.JobResources;
import dev.pipeline.engine.executor.grid.ProcessCommandRunner;
import dev.pipeline.engine.executor.slurm.SlurmExecutor;
import dev.pipeline.api.Task;
import dev.pipeline.engine.model.TaskArguments;
import dev.pipeline.engine.model.TaskRegistry;
import dev.pipeline.engine.remote.RemoteExecution;
import dev.pipeline.engine.remote.RemoteTaskSettings;
import dev.pipeline.engine.remote.TaskCommandLine;
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
 * Which executor runs each task, from the cfg and the command line, and the cluster backends' own
 * settings. Precedence for a task: {@code [Family] executor} over the run-wide {@code --executor}
 * over {@code [core] executor} over {@code local}. A task without outputs (a wrapper) stays local
 * unless its own section names an executor. Job settings ({@code time}, {@code cpus}, ...) come
 * from {@code [Family]} over {@code [slurm]} / {@code [condor]}.
 */
public final class RemoteSetup {
  public static final List<String> EXECUTORS = List.of("local", "slurm", "condor");

  /**
   * A family section, {@code --executor} or {@code [core] executor} may also name {@code
   * kubernetes}: such tasks stay with the local workers here, whose attempt runner sends them to
   * Kubernetes (see {@code RunSetup.installKubernetes}).
   */
  static final String KUBERNETES = "kubernetes";
  private static final List<String> ALL_EXECUTORS = List.of("local", "slurm", "condor", KUBERNETES);

  /** Per-family keys of cluster jobs (allowed in every task family's section). */
  public static final Set<String> JOB_KEYS = Set.of("partition", "account", "time", "cpus",
      "memory", "disk", "directives", "max_restarts", "array_parallelism");

  private final PipelineConfig config;
  private final String runWide;
  private final Map<String, String> environment;
  private final Map<String, RemoteTaskSettings> settings = new ConcurrentHashMap<>();
  private final Map<String, String> familyExecutor = new ConcurrentHashMap<>();

  private RemoteSetup(PipelineConfig config, String runWide, Map<String, String> environment) {
    this.config = config;
    this.runWide = runWide;
    this.environment = environment;
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
    PipelineConfig config = setup.config();
    String runWide = cliExecutor != null ? check(cliExecutor, "--executor", null)
        : config.get("core", "executor").map(v -> check(v.value(), null, v)).orElse(RemoteExecution.LOCAL);
    if (runWide.equals(KUBERNETES)) {
      runWide = RemoteExecution.LOCAL; // the local workers' attempt runner sends tasks to Kubernetes
    }
    for (String section : config.sections()) {
      config.get(section, "executor").filter(v -> !isKubernetes(v.value()))
          .ifPresent(v -> check(v.value(), null, v));
    }
    RemoteSetup s = new RemoteSetup(config, runWide, environment);
    TaskCommandLine command = new TaskCommandLine(s.launcher(launcher), runDirectory,
        config.file(), runArguments);
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
    }, name -> s.backend(name, stateDirectory), command);
  }

  /**
   * The arguments every {@code run-task} of this run gets besides the task's own parameters: the
   * plugin class path and the {@code --Family-param} options of the command line, so that a node
   * builds the same requirements as the engine.
   */
  public static List<String> runArguments(TaskRegistry registry, String family,
      List<String> taskArguments, List<Path> classpath) {
    List<String> out = new ArrayList<>();
    if (!classpath.isEmpty()) {
      List<String> parts = new ArrayList<>();
      classpath.forEach(p -> parts.add(p.toAbsolutePath().normalize().toString()));
      out.add("--classpath=" + String.join(":", parts));
    }
    TaskArguments.parse(registry.family(family), registry, taskArguments).families()
        .forEach((f, params) -> params.forEach((k, v) -> out.add("--" + f + "-" + k + "=" + v)));
    return out;
  }

  /**
   * A family's own executor: {@code executor} in its section or in a section it shares, in lower
   * case; empty when it names none. The one reading for the grid dispatch and for Kubernetes.
   */
  static String ownExecutor(PipelineConfig config, String family) {
    ConfigValue v = config.effectiveSection(family).get("executor");
    return v == null ? "" : v.value().strip().toLowerCase(Locale.ROOT);
  }

  private String executorFor(Task task) {
    String own = familyExecutor.computeIfAbsent(TaskFamily.of(task).name(), f -> ownExecutor(config, f));
    if (own.equals(KUBERNETES)) {
      return RemoteExecution.LOCAL;
    }
    if (!own.isEmpty()) {
      return own;
    }
    return task.outputs().isEmpty() ? RemoteExecution.LOCAL : runWide;
  }

  private RemoteTaskSettings settings(Task task) {
    String family = TaskFamily.of(task).name();
    String executor = executorFor(task);
    RemoteTaskSettings base = settings.computeIfAbsent(family + "\0" + executor, k -> read(family, executor));
    return new RemoteTaskSettings(base.executor(), base.resources().withGpus(task.resources().gpus()),
        base.maxRestarts(), base.arrayParallelism(), base.maxArraySize());
  }

  private RemoteTaskSettings read(String family, String executor) {
    Function<String, Optional<ConfigValue>> get = key -> {
      ConfigValue v = config.effectiveSection(family).get(ConfigNames.key(key));
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
        parse(config.get(executor, "max_array_size"), ValueParsers::parseInt, 1000));
  }

  private GridExecutor backend(String name, Path stateDirectory) throws java.io.IOException {
    Path bin = config.value(name, "bin_dir").map(Path::of).orElse(null);
    GridOptions options = GridOptions.of(stateDirectory,
        new ProcessCommandRunner(Duration.ofMinutes(2), bin))
        .withPollInterval(parse(config.get(name, "poll_interval"), ValueParsers::parseDuration,
            Duration.ofSeconds(10)))
        .withExitGrace(parse(config.get(name, "exit_grace"), ValueParsers::parseDuration,
            Duration.ofSeconds(60)));
    return switch (name) {
      case "slurm" -> new SlurmExecutor(options,
          config.value("slurm", "user").orElse(System.getProperty("user.name")),
          SlurmExecutor.Accounting.valueOf(parse(config.get("slurm", "sacct"),
              v -> ValueParsers.parseEnum(v, List.of("auto", "yes", "no")), "auto").toUpperCase(Locale.ROOT)));
      case "condor" -> new CondorExecutor(options, condorEnvironment(),
          parse(config.get("condor", "max_retries"), ValueParsers::parseInt, 0));
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
    config.value("condor", "forward_env").ifPresent(v -> names.addAll(ValueParsers.parseList(v)));
    environment.forEach((k, v) -> {
      if (k.startsWith("PIPELINE_") || names.contains(k)) {
        out.put(k, v);
      }
    });
    return out;
  }

  private List<String> launcher(List<String> fallback) {
    return config.value("slurm", "launcher").or(() -> config.value("condor", "launcher"))
        .or(() -> config.value("core", "launcher"))
        .map(v -> List.of(v.strip().split("\\s+"))).orElse(fallback);
  }

  private static boolean isKubernetes(String value) {
    return value.strip().equalsIgnoreCase(KUBERNETES);
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
