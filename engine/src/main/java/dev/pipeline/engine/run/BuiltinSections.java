package dev.pipeline.engine.run;

import dev.pipeline.engine.config.ParameterSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sections the engine owns, declared like a task family's parameters so that the one schema
 * reader checks them: an unknown key is a typo with a suggestion and a value of the wrong type
 * names what is accepted, before anything runs. A key missing here is refused in every cfg, so
 * a new setting must be declared here to be read at all.
 */
public final class BuiltinSections {
  /** Values of every key of {@code [resources]} (the user names the counters). */
  public static final Map<String, String> ANY_KEY = Map.of("resources", "int");

  /** The executors a run, a family or {@code [core] executor} may name. */
  public static final String EXECUTOR_TYPE = "enum:local|slurm|condor|lsf|pbs|kubernetes";

  private static final Map<String, List<ParameterSchema>> SECTIONS = sections();

  private BuiltinSections() {}

  /** Section name to its keys, in documentation order. */
  public static Map<String, List<ParameterSchema>> all() {
    return SECTIONS;
  }

  private static Map<String, List<ParameterSchema>> sections() {
    Map<String, List<ParameterSchema>> s = new LinkedHashMap<>();
    s.put("core", List.of(
        key("workers", "int", "1", "tasks run at once (--workers), at least 1"),
        key("gpus", "list", null, "GPU ids of the local pool (--gpus)"),
        key("fail_fast", "boolean", "false", "stop scheduling after the first failure"),
        key("retries", "int", "0", "attempts after the first one (--retries), at least 0"),
        key("retry_backoff", "duration", "10s", "wait before a retry (--retry-backoff)"),
        key("run_dir", "path", null, "where .pipeline/ lives (--run-dir)"),
        key("executor", EXECUTOR_TYPE, "local", "run-wide executor (--executor)"),
        key("launcher", "string", null, "how a node starts pipeline"),
        key("rerun_triggers", "string", "params,input,version",
            "what makes existing outputs stale (--rerun-triggers): params, input, version or none"),
        key("inherit", "list", null, "cfg files read before this one"),
        key("extend", "list", null, "cfg files read after this one"),
        key("sandbox", "string", null, "default sandbox of command tasks, KIND::TARGET"),
        key("sandbox_mounts", "list", null, "extra bind mounts SRC[:DST[:ro]]"),
        key("sandbox_env", "list", null, "more variables forwarded into containers"),
        key("sandbox_gpus", "string", "auto", "auto, cdi, gpus, nv or none"),
        key("sandbox_options", "string", null, "extra words for the container program"),
        key("sandbox_program", "string", null, "the container or conda program")));
    s.put("preflight", List.of(
        key("free_space", "list", null, "PATH=SIZE pairs: space a run needs, e.g. /scratch=50G"),
        key("timeout", "duration", "10s", "limit of each network check (S3, Kubernetes)"),
        key("enabled", "boolean", "true", "check before every run (pipeline check always does)")));
    s.put("slurm", grid("slurm"));
    s.put("condor", grid("condor"));
    s.put("lsf", grid("lsf"));
    s.put("pbs", grid("pbs"));
    s.put("kubernetes", List.of(
        key("namespace", "string", "default", "namespace of the Jobs"),
        key("image", "string", "pipeline:latest", "image of the Jobs"),
        key("launcher", "string", "pipeline", "how the image starts a task"),
        key("gpus", "int", "0", "nvidia.com/gpu limit, at least 0"),
        key("cpu", "string", null, "cpu request and limit, e.g. 4 or 500m"),
        key("memory", "string", null, "memory request and limit, e.g. 16Gi"),
        key("node_selector", "list", null, "key=value pairs"),
        key("affinity", "string", null, "JSON affinity"),
        key("service_account", "string", null, "service account of the pods"),
        key("backoff_limit", "int", "0", "Kubernetes' own re-runs, at least 0"),
        key("active_deadline", "duration", null, "activeDeadlineSeconds"),
        key("image_pull_policy", "enum:Always|IfNotPresent|Never", "IfNotPresent", "pull policy"),
        key("job_template", "path", null, "Job manifest template"),
        key("poll_interval", "duration", "2s", "how often the watched Jobs are read"),
        key("keep_jobs", "boolean", "false", "leave finished Jobs for kubectl describe")));
    s.put("s3", List.of(
        key("endpoint", "string", null, "S3-compatible endpoint URL (or AWS_ENDPOINT_URL)"),
        key("endpoint_url", "string", null, "same as endpoint"),
        key("region", "string", null, "region (or AWS_REGION)"),
        key("path_style", "boolean", null, "path-style requests (default: with an endpoint)"),
        key("retries", "int", "4", "retries per request, at least 0"),
        key("multipart_threshold_mb", "long", "64", "uploads above this go in parts")));
    s.put("notify", List.of(
        key("on", "list", "failure", "when: failure, finish, task-failure (any of them)"),
        key("webhook", "list", null, "Slack- or Mattermost-compatible incoming webhook URLs"),
        key("smtp_host", "string", null, "SMTP relay for e-mail"),
        key("smtp_port", "int", null, "its port (default 587, 465 with tls, 25 with none)"),
        key("smtp_security", "enum:starttls|tls|none", "starttls", "how the connection is protected"),
        key("smtp_user", "string", null, "user for SMTP AUTH"),
        key("smtp_password_env", "string", null, "environment variable holding the password"),
        key("smtp_ca", "path", null, "PEM certificate to trust for the relay (a private CA)"),
        key("mail_from", "string", null, "sender address"),
        key("mail_to", "list", null, "recipient addresses"),
        key("timeout", "duration", "10s", "the most a notification may take")));
    return java.util.Collections.unmodifiableMap(s);
  }

  /** The backend settings of a batch system plus the defaults of its families' job keys. */
  private static List<ParameterSchema> grid(String system) {
    List<ParameterSchema> keys = new ArrayList<>(List.of(
        key("partition", "string", null, "default partition of the jobs"),
        key("account", "string", null, "default account (accounting_group)"),
        key("time", "duration", null, "default wall time of a job"),
        key("cpus", "int", null, "default cpus of a job"),
        key("memory", "string", null, "default memory of a job, e.g. 16G"),
        key("disk", "string", null, "default disk of a job, e.g. 10G"),
        key("directives", "string", null, "extra job lines"),
        key("max_restarts", "int", "0", "resubmissions after a wall-time kill"),
        key("array_parallelism", "int", "0", "array elements running at once (0: no cap)"),
        key("max_array_size", "int", "1000", "jobs per array submission"),
        key("poll_interval", "duration", "10s", "one queue query per interval"),
        key("exit_grace", "duration", "60s", "how long a job's exit file may take to appear"),
        key("launcher", "string", null, "how a node starts pipeline"),
        key("bin_dir", "path", null, "where the batch commands live")));
    switch (system) {
      case "slurm" -> {
        keys.add(key("sacct", "enum:auto|yes|no", "auto", "ask sacct about finished jobs"));
        keys.add(key("user", "string", null, "whose jobs squeue lists"));
      }
      case "condor" -> {
        keys.add(key("max_retries", "int", "0", "HTCondor's own re-runs of a failed job"));
        keys.add(key("forward_env", "list", null, "variables forwarded into jobs"));
      }
      case "lsf" -> {
        keys.add(key("bjobs_format", "enum:json|delimited", "json",
            "bjobs -json (LSF 10.1.0.2+) or -o with delimiter='|'"));
        keys.add(key("user", "string", null, "whose jobs bjobs lists"));
      }
      default -> keys.add(key("flavor", "enum:pbspro|torque", "pbspro",
          "PBS Pro/OpenPBS (qstat -F json, -J arrays) or Torque (qstat -x XML, -t arrays)"));
    }
    return List.copyOf(keys);
  }

  private static ParameterSchema key(String name, String type, String defaultValue,
      String description) {
    return new ParameterSchema(name, type, false, defaultValue, description);
  }
}
