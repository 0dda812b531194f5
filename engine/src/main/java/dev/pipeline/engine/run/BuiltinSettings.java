package dev.pipeline.engine.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pipeline.api.targets.s3.S3Settings;
import dev.pipeline.engine.config.ConfigValue;
import dev.pipeline.engine.config.PipelineConfig;
import dev.pipeline.engine.config.ValueParsers;
import dev.pipeline.engine.executor.k8s.KubernetesSettings;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every engine-owned section of one run's cfg as typed values, read once before anything runs:
 * a value that cannot be used is an error here, naming its file and line, and not a surprise
 * when the first SLURM job or S3 upload needs it.
 *
 * @param resources {@code [resources]}: named counters and their sizes
 * @param kubernetesConfigured whether the cfg has a {@code [kubernetes]} section
 * @param notifications {@code [notify]}: who hears about the run's end and failures
 */
public record BuiltinSettings(CoreSettings core, Map<String, Integer> resources,
    GridSettings slurm, GridSettings condor, GridSettings lsf, GridSettings pbs,
    KubernetesSettings kubernetes,
    boolean kubernetesConfigured, S3Settings s3, NotifySettings notifications) {
  public BuiltinSettings {
    resources = Map.copyOf(resources);
  }

  /**
   * @param config a cfg the schema accepted (see {@code RunSetup.load})
   * @param environment the run's variables: {@code AWS_ENDPOINT_URL}, {@code AWS_REGION} and
   *     {@code PIPELINE_S3_PATH_STYLE} fill what {@code [s3]} leaves out
   */
  public static BuiltinSettings read(PipelineConfig config, Map<String, String> environment) {
    return new BuiltinSettings(
        CoreSettings.read(new SectionValues(config, "core")),
        resources(config),
        GridSettings.read(new SectionValues(config, "slurm"), "slurm"),
        GridSettings.read(new SectionValues(config, "condor"), "condor"),
        GridSettings.read(new SectionValues(config, "lsf"), "lsf"),
        GridSettings.read(new SectionValues(config, "pbs"), "pbs"),
        kubernetes(new SectionValues(config, "kubernetes")),
        !config.section("kubernetes").isEmpty(),
        s3(new SectionValues(config, "s3"), environment),
        NotifySettings.read(new SectionValues(config, "notify")));
  }

  /** The settings of a run without any cfg. */
  /** The settings of the batch system {@code name} (slurm, condor, lsf, pbs). */
  public GridSettings grid(String name) {
    return switch (name) {
      case "slurm" -> slurm;
      case "condor" -> condor;
      case "lsf" -> lsf;
      case "pbs" -> pbs;
      default -> throw new IllegalArgumentException("no batch system " + name);
    };
  }

  public static BuiltinSettings defaults(Map<String, String> environment) {
    return read(PipelineConfig.empty(), environment);
  }

  /** A Kubernetes resource quantity: a decimal number with an optional SI or binary suffix. */
  private static final java.util.regex.Pattern QUANTITY =
      java.util.regex.Pattern.compile("\\d+(\\.\\d+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?");
  /** Made on first use: a run without a [kubernetes] affinity never loads Jackson's databind. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  private static Map<String, Integer> resources(PipelineConfig config) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (ConfigValue v : config.section("resources").values()) {
      int n = ValueParsers.parseInt(v.value()); // the schema checked the type
      if (n < 0) {
        throw dev.pipeline.engine.config.ConfigException.of(v.where(), "resources", v.key(),
            "out of range: expected at least 0, got '" + v.value().strip() + "'", null);
      }
      out.put(v.key(), n);
    }
    return out;
  }

  static KubernetesSettings kubernetes(SectionValues s) {
    Map<String, String> selector = new LinkedHashMap<>();
    for (String pair : s.list("node_selector")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw s.invalid("node_selector", "write key=value pairs separated by commas");
      }
      selector.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
    }
    for (String quantity : List.of("cpu", "memory")) {
      String q = s.string(quantity);
      if (q != null && !QUANTITY.matcher(q).matches()) {
        throw s.invalid(quantity, "write a Kubernetes quantity such as 4, 500m, 16Gi or 512M");
      }
    }
    String affinity = s.string("affinity");
    if (affinity != null) {
      try {
        if (!Json.MAPPER.readTree(affinity).isObject()) {
          throw s.invalid("affinity", "write a JSON object such as {\"nodeAffinity\": {...}}");
        }
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw s.invalid("affinity", "not JSON: " + e.getOriginalMessage());
      }
    }
    var deadline = s.duration("active_deadline");
    return new KubernetesSettings(s.string("namespace"), s.string("image"),
        List.of(s.string("launcher").split("\\s+")), s.integer("gpus", 0), s.string("cpu"),
        s.string("memory"), selector, s.string("affinity"), s.string("service_account"),
        s.integer("backoff_limit", 0), deadline == null ? null : deadline.toSeconds(),
        s.choice("image_pull_policy"), s.path("job_template"), s.duration("poll_interval"),
        s.bool("keep_jobs"));
  }

  /** {@code [s3]} over the environment over the defaults. */
  static S3Settings s3(SectionValues s, Map<String, String> env) {
    String endpoint = first(s.string("endpoint"), s.string("endpoint_url"),
        env.get("AWS_ENDPOINT_URL_S3"), env.get("AWS_ENDPOINT_URL"));
    String region = first(s.string("region"), env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"));
    Boolean pathStyle = s.bool("path_style");
    if (pathStyle == null && env.get("PIPELINE_S3_PATH_STYLE") != null) {
      pathStyle = environmentBoolean(env, "PIPELINE_S3_PATH_STYLE");
    }
    int retries = s.given("retries").isPresent() || env.get("PIPELINE_S3_RETRIES") == null
        ? s.integer("retries", 0) : environmentInt(env, "PIPELINE_S3_RETRIES");
    URI uri;
    try {
      uri = endpoint == null ? null : URI.create(endpoint);
    } catch (IllegalArgumentException e) {
      throw s.invalid(s.given("endpoint").isPresent() ? "endpoint" : "endpoint_url",
          "write a URL such as http://minio:9000");
    }
    return new S3Settings(uri, region, pathStyle == null ? uri != null : pathStyle, retries + 1,
        s.longValue("multipart_threshold_mb", 5) << 20);
  }

  private static boolean environmentBoolean(Map<String, String> env, String name) {
    try {
      return ValueParsers.parseBoolean(env.get(name));
    } catch (IllegalArgumentException e) {
      throw new dev.pipeline.api.error.UsageException(
          "environment variable " + name + ": got '" + env.get(name) + "'; " + e.getMessage());
    }
  }

  private static int environmentInt(Map<String, String> env, String name) {
    try {
      int n = ValueParsers.parseInt(env.get(name));
      if (n >= 0) {
        return n;
      }
      throw new IllegalArgumentException("write a whole number of at least 0");
    } catch (IllegalArgumentException e) {
      throw new dev.pipeline.api.error.UsageException(
          "environment variable " + name + ": got '" + env.get(name) + "'; " + e.getMessage());
    }
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v.strip();
      }
    }
    return null;
  }
}
