package dev.pipeline.engine.sandbox;

import dev.pipeline.api.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Python virtual environment: the command's program is taken from the venv's {@code bin/} when
 * it is there ({@code python}, {@code pip}, an entry point), and the command sees the venv as
 * activated ({@code VIRTUAL_ENV}, its {@code bin/} first on the {@code PATH}).
 */
public final class VenvSandbox implements Sandbox {
  private final Path directory;

  public VenvSandbox(Path directory) {
    this.directory = directory.toAbsolutePath().normalize();
  }

  public Path directory() {
    return directory;
  }

  /** The interpreter every venv has; preflight checks that it exists. */
  public Path interpreter() {
    return directory.resolve("bin").resolve("python");
  }

  @Override
  public Command wrap(Command command, SandboxCall call) {
    Path bin = directory.resolve("bin");
    List<String> argv = new ArrayList<>(command.argv());
    String program = argv.get(0);
    // The engine starts programs with its own PATH, so the venv's must be named explicitly.
    if (!program.contains("/") && Files.isExecutable(bin.resolve(program))) {
      argv.set(0, bin.resolve(program).toString());
    }
    Map<String, String> env = new HashMap<>(command.env());
    String path = env.getOrDefault("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("PATH", bin + ":" + path);
    env.put("VIRTUAL_ENV", directory.toString());
    return new Command(argv, command.workDir(), env, command.timeout());
  }

  @Override
  public String describe() {
    return "venv::" + directory;
  }

  @Override
  public List<String> programs() {
    return List.of();
  }
}
