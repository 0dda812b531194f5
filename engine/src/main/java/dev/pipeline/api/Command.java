package dev.pipeline.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** An external program as argv (never through a shell), with its directory, env and time limit. */
public record Command(List<String> argv, Path workDir, Map<String, String> env, Duration timeout) {
  public Command {
    argv = List.copyOf(argv);
    env = Map.copyOf(env);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("a command needs at least a program name");
    }
  }

  public static Command of(List<String> argv) {
    return new Command(argv, null, Map.of(), null);
  }
}
