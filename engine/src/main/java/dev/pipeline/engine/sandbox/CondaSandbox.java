package dev.pipeline.engine.sandbox;

import dev.pipeline.api.Command;
import java.util.ArrayList;
import java.util.List;

/**
 * A conda environment, by name ({@code conda::ml}) or prefix ({@code conda::/opt/envs/ml}): the
 * command runs under {@code conda run}, which activates it, with its output passed through.
 */
public final class CondaSandbox implements Sandbox {
  private final String program;
  private final String environment;

  public CondaSandbox(String program, String environment) {
    this.program = program;
    this.environment = environment;
  }

  /** Whether the environment is named by its directory rather than its name. */
  public boolean byPrefix() {
    return environment.contains("/");
  }

  public String environment() {
    return environment;
  }

  @Override
  public Command wrap(Command command, SandboxCall call) {
    List<String> argv = new ArrayList<>(List.of(program, "run", "--no-capture-output",
        byPrefix() ? "-p" : "-n", environment));
    argv.addAll(command.argv());
    return new Command(argv, command.workDir(), command.env(), command.timeout());
  }

  @Override
  public String describe() {
    return "conda::" + environment;
  }

  @Override
  public List<String> programs() {
    return List.of(program);
  }
}
