package dev.pipeline.engine.launch;

import dev.pipeline.api.error.UsageException;
import dev.pipeline.api.targets.s3.S3Store;
import dev.pipeline.engine.config.ConfigException;
import dev.pipeline.engine.config.ConfigLoader;
import dev.pipeline.engine.config.ConfigSchema;
import dev.pipeline.engine.config.ConfiguredParameters;
import dev.pipeline.engine.config.KnownNames;
import dev.pipeline.engine.config.ParameterSchema;
import dev.pipeline.engine.config.PipelineConfig;
import dev.pipeline.engine.config.ValueParsers;
import dev.pipeline.engine.model.MissingParameterException;
import dev.pipeline.engine.model.ParameterSpec;
import dev.pipeline.api.Task;
import dev.pipeline.engine.model.TaskArguments;
import dev.pipeline.engine.model.TaskFamily;
import dev.pipeline.engine.model.TaskRegistry;
import dev.pipeline.engine.run.BuiltinSections;
import dev.pipeline.engine.run.BuiltinSettings;
import dev.pipeline.engine.run.RunContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything between a command line and a runnable root task: the cfg (file or environment only)
 * validated against the known families, {@code --Family-param} overrides, and the root task built
 * with the documented precedence (command line > environment > cfg > code default).
 */
public final class RunSetup {
  /** Keys every task family section may hold besides its parameters. */
  public static final Set<String> COMMON_TASK_KEYS = union(Set.of(
      "shared", "command", "services", "executor", "retries", "retry_backoff", "timeout", "workdir",
      "priority", "version"),
      union(RemoteSetup.JOB_KEYS, dev.pipeline.engine.config.SandboxSettings.KEYS));

  private final TaskRegistry registry;
  private final RunContext context;
  private final Task root;

  private RunSetup(TaskRegistry registry, RunContext context, Task root) {
    this.registry = registry;
    this.context = context;
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
   * @param executor the run-wide {@code --executor}, or null ({@code [core] executor} then)
   */
  public static RunSetup prepare(TaskRegistry registry, String family, List<String> taskArgs,
      Path configFile, Map<String, String> environment, String executor) {
    TaskFamily rootFamily = registry.family(family);
    TaskArguments args = TaskArguments.parse(rootFamily, registry, taskArgs);
    RunContext context = context(registry, configFile, environment, executor, args.families());
    PipelineConfig config = context.config();
    try {
      return new RunSetup(registry, context, rootFamily.instantiate(args.root(), context.parameters()));
    } catch (MissingParameterException e) {
      if (config.file() == null) {
        throw e;
      }
      // Name the cfg the value could have come from, as every other configuration error does.
      throw ConfigException.of(config.file().toString(), e.family(),
          e.parameter(), "missing required parameter",
          "set it in [" + e.family() + "] (or a section it shares) or pass --" + e.parameter());
    }
  }

  /**
   * The cfg of a run whose tasks are built in code rather than from a family and its arguments
   * ({@code pipeline sweep}): validated, with its S3 store; {@link #root()} is null.
   */
  public static RunSetup withoutRoot(TaskRegistry registry, Path configFile,
      Map<String, String> environment) {
    return withoutRoot(registry, configFile, environment, null);
  }

  /** As above, with the run-wide {@code --executor} (or null: {@code [core] executor}). */
  public static RunSetup withoutRoot(TaskRegistry registry, Path configFile,
      Map<String, String> environment, String executor) {
    return new RunSetup(registry, context(registry, configFile, environment, executor, Map.of()),
        null);
  }

  /**
   * Reads and checks everything the run will read, once: the cfg, the engine-owned sections, the
   * parameter values of the command line ({@code families}) and the run-wide executor.
   */
  private static RunContext context(TaskRegistry registry, Path configFile,
      Map<String, String> environment, String executor,
      Map<String, Map<String, String>> families) {
    PipelineConfig config = load(registry, configFile, environment);
    BuiltinSettings settings = BuiltinSettings.read(config, environment);
    String runWide = executor != null ? executor.strip() : settings.core().executor();
    // The cfg's [s3] over this run's environment: the store of every s3:// target of this run,
    // reached through the configuration its tasks keep (no process-wide settings).
    S3Store s3 = new S3Store(settings.s3());
    return new RunContext(config, new ConfiguredParameters(config, families, s3), settings, runWide);
  }

  /** Loads and validates the cfg; a file that names an unknown family or key fails here. */
  public static PipelineConfig load(TaskRegistry registry, Path configFile,
      Map<String, String> environment) {
    // Names only: a family's parameters are scanned when a variable names the family (for the
    // spelling of PIPELINE__INFER__TB as [Infer] Tb) or by the schema check below.
    KnownNames known = new KnownNames(union(registry.names(), registry.shortNames().keySet()), section -> {
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
    // [Train] configures sandbox.Train while the short name is unambiguous.
    registry.shortNames().forEach((alias, full) -> families.put(alias, families.get(full)));
    return new ConfigSchema(families, BuiltinSections.all(), BuiltinSections.ANY_KEY,
        COMMON_TASK_KEYS);
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

  /** Everything this run reads; tasks built in code for it take {@code context().parameters()}. */
  public RunContext context() {
    return context;
  }

  public PipelineConfig config() {
    return context.config();
  }

  public dev.pipeline.engine.config.ParameterSource parameters() {
    return context.parameters();
  }

  /** The engine-owned sections ({@code [core]}, {@code [slurm]}, ...) as typed values. */
  public BuiltinSettings settings() {
    return context.settings();
  }

  /** {@code [resources]}: named counters, e.g. {@code db = 2}. */
  public Map<String, Integer> resources() {
    Map<String, Integer> out = settings().resources();
    out.forEach((name, count) -> {
      if (count < 0) {
        throw new UsageException("[resources] " + name + ": a resource count must be 0 or more, got "
            + count + "; write " + name + " = 2");
      }
    });
    return out;
  }

  public Task root() {
    return root;
  }
}
