package dev.pipeline.cli;

import dev.pipeline.engine.launch.Plugins;
import dev.pipeline.engine.launch.RunSetup;
import dev.pipeline.engine.model.TaskRegistry;
import dev.pipeline.engine.scaffold.RunEnvironment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by every command that works on a run: cfg, run directory, plugins. */
final class CommonOptions {
  @Option(names = "--config", paramLabel = "FILE",
      description = "law-style cfg file (default: $PIPELINE_CONFIG).")
  Path config;

  @Option(names = "--run-dir", paramLabel = "DIR",
      description = "Where .pipeline/ (journal, logs, claims) lives (default: $PIPELINE_RUN_DIR, the"
          + " --config file's directory when `pipeline init` wrote it, [core] run_dir or .); a"
          + " directory that `pipeline init` wrote also gives the variables of its run.env.")
  Path runDirectory;

  @Option(names = "--classpath", split = ":", paramLabel = "JAR",
      description = "Extra jars or directories with task classes (also: $PIPELINE_PLUGINS, a :-separated list of jars and directories of jars).")
  List<Path> classpath = new ArrayList<>();

  @Option(names = "--stacktrace", description = "Print stack traces of errors.")
  boolean stacktrace;

  private Map<String, String> recorded;

  /** --config, else the cfg that the --run-dir's run.env records, else $PIPELINE_CONFIG. */
  Path configFile() {
    if (config != null) {
      return config;
    }
    String recorded = recordedVariables().get("PIPELINE_CONFIG");
    if (recorded != null && runDirectory != null) {
      return Path.of(recorded);
    }
    String env = System.getenv("PIPELINE_CONFIG");
    return env == null || env.isBlank() ? null : Path.of(env);
  }

  /**
   * The environment cfg files are read with. A run directory that {@code pipeline init} wrote
   * (given as --run-dir, or holding the --config file) describes itself: the variables its run.sh
   * exports are recorded in its run.env and set here as run.sh sets them, so
   * {@code pipeline status Sandbox --config D/sandbox.cfg --run-dir D} resolves the cfg as a run
   * started by run.sh does. Otherwise a --run-dir also serves ${PIPELINE_RUN_DIR} when the
   * variable is not set.
   */
  Map<String, String> environment() {
    Map<String, String> env = new HashMap<>(System.getenv());
    Map<String, String> recorded = recordedVariables();
    if (!recorded.isEmpty()) {
      env.putAll(recorded);
    } else if (runDirectory != null && !env.containsKey("PIPELINE_RUN_DIR")) {
      env.put("PIPELINE_RUN_DIR", runDirectory.toAbsolutePath().normalize().toString());
    }
    return env;
  }

  /** run.env of the scaffolded run directory this command works on; empty for any other. */
  private Map<String, String> recordedVariables() {
    if (recorded == null) {
      Path dir = runDirectory;
      if (dir == null && config != null) {
        dir = config.toAbsolutePath().getParent();
      }
      recorded = dir != null ? RunEnvironment.read(dir) : Map.of();
    }
    return recorded;
  }

  TaskRegistry registry() {
    return Plugins.registry(classpath, System.getenv("PIPELINE_PLUGINS"));
  }

  Path runDirectory(RunSetup setup) {
    if (runDirectory != null) {
      if (java.nio.file.Files.exists(runDirectory) && !java.nio.file.Files.isDirectory(runDirectory)) {
        throw new dev.pipeline.api.error.UsageException("--run-dir " + runDirectory
            + " is a file, not a directory; give the directory that holds .pipeline/");
      }
      return runDirectory;
    }
    String env = System.getenv("PIPELINE_RUN_DIR");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    String recordedDirectory = recordedVariables().get("PIPELINE_RUN_DIR");
    if (recordedDirectory != null) {
      return Path.of(recordedDirectory); // the --config file's run directory, as run.sh sets it
    }
    Path configured = setup.settings().core().runDirectory();
    return configured != null ? configured : Path.of(".");
  }
}
