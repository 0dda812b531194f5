package dev.pipeline.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An external program as argv (never through a shell), with its directory, env and time limit,
 * and where its output goes: {@code stdout} and {@code stderr} are files it appends to (the same
 * file for both is allowed); null means the attempt's log.
 */
public record Command(List<String> argv, Path workDir, Map<String, String> env, Duration timeout,
    Path stdout, Path stderr) {
  public Command {
    argv = List.copyOf(argv);
    env = Map.copyOf(env);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("a command needs at least a program name");
    }
    if ((stdout == null) != (stderr == null)) {
      throw new IllegalArgumentException("give both stdout and stderr files, or neither");
    }
  }

  /** Output to the attempt's log. */
  public Command(List<String> argv, Path workDir, Map<String, String> env, Duration timeout) {
    this(argv, workDir, env, timeout, null, null);
  }

  public static Command of(List<String> argv) {
    return new Command(argv, null, Map.of(), null);
  }

  /**
   * This command with its output appended to {@code stdout} and {@code stderr} instead of the
   * log, without a shell in between (the engine opens the files).
   */
  public Command redirect(Path stdout, Path stderr) {
    return new Command(argv, workDir, env, timeout, stdout, stderr);
  }
}
