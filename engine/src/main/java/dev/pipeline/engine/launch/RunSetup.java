package dev.pipeline.engine.launch;

import dev.pipeline.engine.config.ConfigLoader;
import dev.pipeline.engine.config.ConfigSchema;
import dev.pipeline.engine.config.ConfiguredParameters;
import dev.pipeline.engine.config.KnownNames;
import dev.pipeline.engine.config.ParameterSchema;
import dev.pipeline.engine.config.PipelineConfig;
import dev.pipeline.engine.executor.k8s.KubernetesSelection;
import dev.pipeline.engine.model.ParameterSpec;
import dev.pipeline.api.Task;
import dev.pipeline.engine.model.TaskArguments;
import dev.pipeline.engine.model.TaskFamily;
import dev.pipeline.engine.model.TaskRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything between a command line and a runnable root task: the cfg (file or environment only)
 * validated against the known families, {@code --Family-param} overrides, and the root task built
 * with the documented precedence (command line > environment > cfg > code default).
 */
public final class RunSetup {
  /** Sections whose keys the engine or a backend reads itself. */
  public static final Set<String> FREE_FORM_SECTIONS =
      Set.of("core", "resources", "s3", "kubernetes", "slurm", "condor", "logging");

  /** Keys every task family section may hold besides its parameters. */
  public static final Set<String> COMMON_TASK_KEYS = union(Set.of(
      "shared", "command", "executor", "retries", "retry_backoff", "timeout", "workdir"),
      RemoteSetup.JOB_KEYS);

  private final TaskRegistry registry;
  private final PipelineConfig config;
  private final ConfiguredParameters parameters;
  private final Task root;

  private RunSetup(TaskRegistry registry, PipelineConfig config, ConfiguredParameters parameters,
      Task root) {
    this.registry = registry;
    this.config = config;
    this.parameters = parameters;
    this.root = root;
  }

  /**
   * @param configFile the cfg ({@code --config} or {@code PIPELINE_CONFIG}); null for none
   * @param environment variables for interpolation and {@code PIPELINE__SECTION__OPTION}
   */
  public static RunSetup prepare(TaskRegistry registry, String family, List<String> taskArgs,
      Path configFile, Map<String, String> environment) {
    return prepare(registry, family, taskArgs, configFile, environment, null);
  }

  /**
   * @param executor the run-wide {@code --executor}, or null ({@code kubernetes} sends every task
   *     with outputs whose section names no other executor to Kubernetes)
   */
  public static RunSetup prepare(TaskRegistry registry, String family, List<String> taskArgs,
      Path configFile, Map<String, String> environment, String executor) {
    PipelineConfig config = load(registry, configFile, environment);
    installS3Settings(config, environment);
    installKubernetes(registry, config, runsOnKubernetes(config, executor));
    TaskFamily rootFamily = registry.family(family);
    TaskArguments args = TaskArguments.parse(rootFamily, registry, taskArgs);
    ConfiguredParameters parameters = new ConfiguredParameters(config, args.families());
    try (var scope = dev.pipeline.engine.config.ParameterSources.install(parameters)) {
      return new RunSetup(registry, config, parameters, rootFamily.instantiate(args.root()));
    } catch (dev.pipeline.engine.model.MissingParameterException e) {
      if (config.file() == null) {
        throw e;
      }
      // Name the cfg the value could have come from, as every other configuration error does.
      throw dev.pipeline.engine.config.ConfigException.of(config.file().toString(), e.family(),
          e.parameter(), "missing required parameter",
          "set it in [" + e.family() + "] (or a section it shares) or pass --" + e.parameter());
    }
  }

  /**
   * The cfg of a run whose tasks are built in code rather than from a family and its arguments
   * ({@code pipeline sweep}): validated, with its S3 and Kubernetes settings installed; {@link
   * #root()} is null.
   *
   * @param executor the run-wide {@code --executor}, or null ({@code [core] executor} then);
   *     {@code kubernetes} sends tasks with outputs to Kubernetes unless their section says otherwise
   */
  public static RunSetup withoutRoot(TaskRegistry registry, Path configFile,
      Map<String, String> environment, String executor) {
    PipelineConfig config = load(registry, configFile, environment);
    installS3Settings(config, environment);
    installKubernetes(registry, config, runsOnKubernetes(config, executor));
    ConfiguredParameters parameters = new ConfiguredParameters(config, Map.of());
    return new RunSetup(registry, config, parameters, null);
  }

  /**
   * The cfg {@code [s3]} section (endpoint, region, path_style, retries) with the environment as
   * fallback becomes the settings of every {@code s3://} target of this run.
   */
  static void installS3Settings(PipelineConfig config, Map<String, String> environment) {
    Map<String, String> s3 = new LinkedHashMap<>();
    config.section("s3").forEach((k, v) -> s3.put(k, v.value()));
    if (!s3.isEmpty() || environment.keySet().stream().anyMatch(k -> k.startsWith("AWS_"))) {
      try {
        dev.pipeline.api.targets.s3.S3Settings.install(
            dev.pipeline.api.targets.s3.S3Settings.from(s3, environment));
      } catch (IllegalArgumentException e) {
        throw new dev.pipeline.api.error.UsageException("[s3]: " + e.getMessage());
      }
    }
  }

  /**
   * Families whose cfg section says {@code executor = kubernetes}, and with {@code runWide} every
   * task with outputs whose section names no other executor, run as Kubernetes Jobs, set up from
   * {@code [kubernetes]}; nothing is contacted until such a task runs.
   */
  static void installKubernetes(TaskRegistry registry, PipelineConfig config, boolean runWide) {
    Set<String> remote = new LinkedHashSet<>();
    Set<String> elsewhere = new LinkedHashSet<>();
    for (String family : registry.names()) {
      String own = RemoteSetup.ownExecutor(config, family);
      if (!own.isEmpty()) {
        (own.equals(RemoteSetup.KUBERNETES) ? remote : elsewhere).add(family);
      }
    }
    var selection = new KubernetesSelection(remote, runWide, elsewhere);
    Map<String, String> k8s = new LinkedHashMap<>();
    config.section("kubernetes").forEach((k, v) -> k8s.put(k, v.value()));
    if (!selection.isEmpty() || !k8s.isEmpty()) {
      try {
        dev.pipeline.engine.executor.k8s.KubernetesAttempt.install(
            dev.pipeline.engine.executor.k8s.KubernetesAttempt.fromConfig(k8s, selection));
      } catch (IllegalArgumentException e) {
        throw new dev.pipeline.api.error.UsageException("[kubernetes]: " + e.getMessage());
      }
    }
  }

  /** Whether Kubernetes is the run-wide executor: {@code --executor}, else {@code [core] executor}. */
  static boolean runsOnKubernetes(PipelineConfig config, String executor) {
    String runWide = executor != null ? executor : config.value("core", "executor").orElse("");
    return runWide.strip().equalsIgnoreCase(RemoteSetup.KUBERNETES);
  }

  /** Loads and validates the cfg; a file that names an unknown family or key fails here. */
  public static PipelineConfig load(TaskRegistry registry, Path configFile,
      Map<String, String> environment) {
    // Names only: a family's parameters are scanned when a variable names the family (for the
    // spelling of PIPELINE__INFER__TB as [Infer] Tb) or by the schema check below.
    KnownNames known = new KnownNames(registry.names(), section -> {
      TaskFamily f = registry.find(section);
      List<String> names = new ArrayList<>();
      if (f != null) {
        f.parameters().forEach(p -> names.add(p.name()));
      }
      return names;
    });
    PipelineConfig config = configFile == null
        ? ConfigLoader.fromEnvironment(environment, known)
        : ConfigLoader.load(configFile, environment, known);
    if (!config.sections().isEmpty()) {
      // Building the schema instantiates every family; without any cfg there is nothing to check.
      schema(registry).check(config);
    }
    return config;
  }

  /** The cfg schema of every known family: its parameters, their types and code defaults. */
  public static ConfigSchema schema(TaskRegistry registry) {
    Map<String, List<ParameterSchema>> families = new LinkedHashMap<>();
    for (TaskFamily f : registry.families()) {
      Task defaults = f.newDefaultInstance();
      List<ParameterSchema> params = new ArrayList<>();
      for (ParameterSpec p : f.parameters()) {
        Object value = p.get(defaults);
        params.add(new ParameterSchema(p.name(), schemaType(p),
            p.required() && value == null, value == null ? null : p.render(defaults),
            p.description()));
      }
      families.put(f.name(), params);
    }
    return new ConfigSchema(families, FREE_FORM_SECTIONS, COMMON_TASK_KEYS);
  }

  private static String schemaType(ParameterSpec p) {
    String t = p.type().name();
    return t.startsWith("list<") ? "list" : t;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new LinkedHashSet<>(a);
    out.addAll(b);
    return Set.copyOf(out);
  }

  public TaskRegistry registry() {
    return registry;
  }

  public PipelineConfig config() {
    return config;
  }

  public ConfiguredParameters parameters() {
    return parameters;
  }

  /**
   * Makes this run's configuration the one requirements are built with; hold it for the whole
   * run (requires() and dynamicRequires() run during it).
   */
  public dev.pipeline.engine.config.ParameterSources.Scope install() {
    return dev.pipeline.engine.config.ParameterSources.install(parameters);
  }

  /** A {@code [core]} option (workers, gpus, fail_fast, retries, retry_backoff, run_dir). */
  public java.util.Optional<String> core(String key) {
    return config.value("core", key);
  }

  /** {@code [resources]}: named counters, e.g. {@code db = 2}. */
  public Map<String, Integer> resources() {
    Map<String, Integer> out = new LinkedHashMap<>();
    config.section("resources").forEach((k, v) -> {
      int count;
      try {
        count = dev.pipeline.engine.config.ValueParsers.parseInt(v.value());
      } catch (IllegalArgumentException e) {
        throw dev.pipeline.engine.config.ConfigException.of(v.where(), "resources", v.key(),
            "wrong type: expected int, got '" + v.value() + "'", e.getMessage());
      }
      if (count < 0) {
        throw dev.pipeline.engine.config.ConfigException.of(v.where(), "resources", v.key(),
            "a resource count must be 0 or more, got " + count, "write " + v.key() + " = 2");
      }
      out.put(k, count);
    });
    return out;
  }

  public Task root() {
    return root;
  }
}
