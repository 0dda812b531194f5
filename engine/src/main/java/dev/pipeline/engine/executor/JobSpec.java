package dev.pipeline.engine.executor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One job: the program (argv, never a shell line), its environment and directory, where its output
 * goes, where the wrapper writes the exit code, and an optional time limit.
 */
public record JobSpec(
    String name,
    List<String> argv,
    Map<String, String> env,
    Path workDir,
    Path logFile,
    Path exitCodeFile,
    Duration timeout) {

  public JobSpec {
    argv = List.copyOf(argv);
    env = Map.copyOf(env);
  }
}
