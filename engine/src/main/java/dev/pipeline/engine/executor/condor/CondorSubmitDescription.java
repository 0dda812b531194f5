package dev.pipeline.engine.executor.condor;

import dev.pipeline.engine.executor.grid.JobResources;
import dev.pipeline.engine.executor.grid.JobScripts;
import dev.pipeline.engine.executor.grid.Submission;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders an HTCondor submit description ({@code templates/condor-submit.sub}) for one
 * submission: resources as {@code request_*}, the accounting group, forwarded environment, retries
 * and the wall time ({@code allowed_execute_duration}: a job over it is held with code 47, which
 * the engine treats like SLURM's TIMEOUT). A pure function of its arguments.
 */
public final class CondorSubmitDescription {
  private CondorSubmitDescription() {}

  /**
   * @param environment variables forwarded into every job (run variables, S3 endpoint, ...)
   * @param maxRetries HTCondor's own re-runs of a job that exits non-zero (0: none)
   */
  public static String render(Submission s, Path dir, Path script, Path initialDir,
      Map<String, String> environment, int maxRetries) {
    Map<String, String> env = new TreeMap<>(environment);
    env.put("PIPELINE_ARRAY_INDEX", "$(Process)");
    Map<String, String> values = new LinkedHashMap<>();
    values.put("label", s.label());
    values.put("count", Integer.toString(s.entries().size()));
    values.put("script", script.toString());
    values.put("initialdir", initialDir.toString());
    values.put("log", dir.resolve("job.log").toString());
    values.put("dir", dir.toString());
    values.put("environment", environment(env));
    values.put("requests", String.join("\n", requests(s.resources(), maxRetries)));
    return JobScripts.render(JobScripts.template("condor-submit.sub"), values)
        .replace("\n\n", "\n");
  }

  static List<String> requests(JobResources r, int maxRetries) {
    List<String> out = new ArrayList<>();
    out.add(line("request_cpus", Integer.toString(Math.max(1, r.cpus()))));
    if (r.memoryMb() > 0) {
      out.add(line("request_memory", r.memoryMb() + "M"));
    }
    if (r.diskMb() > 0) {
      out.add(line("request_disk", r.diskMb() + "M"));
    }
    if (r.gpus() > 0) {
      out.add(line("request_gpus", Integer.toString(r.gpus())));
    }
    if (r.account() != null) {
      out.add(line("accounting_group", r.account()));
    }
    if (r.time() != null) {
      out.add(line("allowed_execute_duration", Long.toString(Math.max(1, r.time().toSeconds()))));
    }
    if (maxRetries > 0) {
      out.add(line("max_retries", Integer.toString(maxRetries)));
    }
    out.addAll(r.extra());
    return out;
  }

  private static String line(String key, String value) {
    return String.format("%-23s = %s", key, value);
  }

  /**
   * The "new" environment syntax: the whole value in double quotes, pairs separated by spaces, a
   * value with spaces or quotes in single quotes ({@code ''} for a literal single quote and
   * {@code ""} for a literal double quote).
   */
  static String environment(Map<String, String> env) {
    List<String> pairs = new ArrayList<>();
    env.forEach((k, v) -> {
      String value = v.replace("\"", "\"\"");
      if (value.isEmpty() || value.matches(".*[\\s'].*")) {
        value = "'" + value.replace("'", "''") + "'";
      }
      pairs.add(k + "=" + value);
    });
    return String.join(" ", pairs);
  }
}
