package dev.pipeline.engine.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A batch system's own settings from {@code [slurm]}, {@code [condor]}, {@code [lsf]} or {@code
 * [pbs]}. The job keys of the
 * same sections ({@code partition}, {@code time}, ...) are the defaults of every family's job and
 * are read per family with the family's section first.
 *
 * @param binDir where the batch commands live, or null for the PATH
 * @param launcher how a node starts pipeline, or null
 * @param sacct SLURM only: auto, yes or no
 * @param user SLURM and LSF: whose jobs to list, or null for this user
 * @param maxRetries HTCondor only: its own re-runs of a failed job
 * @param forwardEnv HTCondor only: more variables forwarded into jobs
 * @param format LSF: {@code bjobs_format} (json or delimited); PBS: {@code flavor} (pbspro or
 *     torque); null for the others
 */
public record GridSettings(Path binDir, Duration pollInterval, Duration exitGrace,
    List<String> launcher, int maxArraySize, String sacct, String user, int maxRetries,
    List<String> forwardEnv, String format) {
  public GridSettings {
    launcher = launcher == null ? null : List.copyOf(launcher);
    forwardEnv = List.copyOf(forwardEnv);
  }

  static GridSettings read(SectionValues s, String system) {
    boolean slurm = system.equals("slurm");
    boolean condor = system.equals("condor");
    String launcher = s.string("launcher");
    // Job keys are read per family; reading them here too refuses a bad default at once.
    s.integer("cpus", 0);
    s.integer("max_restarts", 0);
    s.integer("array_parallelism", 0);
    s.duration("time");
    for (String name : condor ? s.list("forward_env") : List.<String>of()) {
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw s.invalid("forward_env", "'" + name + "' is not a variable name; separate names"
            + " with commas");
      }
    }
    for (String size : List.of("memory", "disk")) {
      s.read(size, dev.pipeline.engine.executor.grid.JobResources::parseMegabytes);
    }
    return new GridSettings(s.path("bin_dir"), s.duration("poll_interval"),
        s.duration("exit_grace"), launcher == null ? null : List.of(launcher.split("\\s+")),
        s.integer("max_array_size", 1),
        slurm ? s.choice("sacct") : null,
        slurm || system.equals("lsf") ? s.string("user") : null,
        condor ? s.integer("max_retries", 0) : 0, condor ? s.list("forward_env") : List.of(),
        switch (system) {
          case "lsf" -> s.choice("bjobs_format");
          case "pbs" -> s.choice("flavor");
          default -> null;
        });
  }
}
