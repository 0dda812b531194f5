package dev.pipeline.engine.sandbox;

import dev.pipeline.api.Command;
import java.util.List;

/**
 * Where a command runs: a venv, a conda environment or a container. A sandbox only rewrites the
 * command (its argv and environment) before the job wrapper starts it, so everything the engine
 * does around a command (its process group, timeout, log, exit-code file, staged outputs) stays
 * as it is.
 */
public interface Sandbox {
  /** The host itself: commands run as they are. */
  Sandbox NONE = new Sandbox() {
    @Override
    public Command wrap(Command command, SandboxCall call) {
      return command;
    }

    @Override
    public String describe() {
      return "none";
    }

    @Override
    public List<String> programs() {
      return List.of();
    }
  };

  /**
   * The sandbox ready to wrap commands: an environment built from a requirements file is built
   * here (once, shared, reused across runs), with its build output in {@code log}.
   *
   * @throws IOException when it cannot be built
   */
  default Sandbox prepared(java.io.PrintStream log) throws java.io.IOException,
      InterruptedException {
    return this;
  }

  /** {@code command} as it must be started to run inside this sandbox. */
  Command wrap(Command command, SandboxCall call);

  /** {@code KIND::TARGET}, for logs and messages. */
  String describe();

  /** The host programs the wrapped command starts (podman, apptainer, conda), for preflight. */
  List<String> programs();

  /**
   * Whether a command runs inside an image, where the host's programs are not: preflight then
   * does not look the command's program up on the host's PATH.
   */
  default boolean isolated() {
    return false;
  }
}
