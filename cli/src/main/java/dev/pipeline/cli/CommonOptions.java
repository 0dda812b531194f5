package dev.pipeline.cli;

import dev.pipeline.engine.launch.Plugins;
import dev.pipeline.engine.launch.RunSetup;
import dev.pipeline.engine.model.TaskRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options shared by every command that works on a run: cfg, run directory, plugins. */
final class CommonOptions {
  @Option(names = "--config", paramLabel = "FILE",
      description = "law-style cfg file (default: $PIPELINE_CONFIG).")
  Path config;

  @Option(names = "--run-dir", paramLabel = "DIR",
      description = "Where .pipeline/ (journal, logs, claims) lives (default: [core] run_dir, $PIPELINE_RUN_DIR or .).")
  Path runDirectory;

  @Option(names = "--classpath", split = ":", paramLabel = "JAR",
      description = "Extra jars or directories with task classes (also: $PIPELINE_PLUGINS dir).")
  List<Path> classpath = new ArrayList<>();

  @Option(names = "--stacktrace", description = "Print stack traces of errors.")
  boolean stacktrace;

  Path configFile() {
    if (config != null) {
      return config;
    }
    String env = System.getenv("PIPELINE_CONFIG");
    return env == null || env.isBlank() ? null : Path.of(env);
  }

  /**
   * The environment cfg files are read with. A run directory given with --run-dir also serves
   * ${PIPELINE_RUN_DIR} when the variable is not set, so the cfg of a run directory that run.sh
   * normally runs can be used directly: pipeline status Sandbox --config D/sandbox.cfg --run-dir D.
   */
  java.util.Map<String, String> environment() {
    java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
    if (runDirectory != null && !env.containsKey("PIPELINE_RUN_DIR")) {
      env.put("PIPELINE_RUN_DIR", runDirectory.toAbsolutePath().normalize().toString());
    }
    return env;
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
    return setup.core("run_dir").map(Path::of).orElse(Path.of("."));
  }
}
