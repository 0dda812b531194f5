package dev.pipeline.engine.executor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One job: the program (argv, never a shell line), its environment and directory, where its output
 * goes ({@code errorFile}: where its stderr goes instead, for the local executor; null means the log
 * file), where the wrapper writes the exit code, and an optional time limit.
 */
public record JobSpec(
    String name,
    List<String> argv,
    Map<String, String> env,
    Path workDir,
    Path logFile,
    Path exitCodeFile,
    Duration timeout,
    Path errorFile) {

  /** A job whose stdout and stderr both go to {@code logFile}. */
  public JobSpec(String name, List<String> argv, Map<String, String> env, Path workDir,
      Path logFile, Path exitCodeFile, Duration timeout) {
    this(name, argv, env, workDir, logFile, exitCodeFile, timeout, null);
  }

  public JobSpec {
    argv = List.copyOf(argv);
    env = Map.copyOf(env);
  }
}
