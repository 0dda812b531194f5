package dev.pipeline.engine.sandbox;

import dev.pipeline.engine.config.ConfigException;
import dev.pipeline.engine.config.ConfigValue;
import dev.pipeline.engine.config.SandboxSettings;
import java.nio.file.Path;
import java.util.List;

/** Makes the {@link Sandbox} a family's settings name. */
public final class Sandboxes {
  private Sandboxes() {}

  /**
   * @param runDirectory what a relative venv, conda prefix or image path is relative to
   * @throws ConfigException for GPU flags the kind has no use for
   */
  public static Sandbox of(SandboxSettings s, Path runDirectory) {
    return of(s, runDirectory, s.container() ? HostUser.current() : null);
  }

  /** As above, for the given user (tests of the generated command lines). */
  static Sandbox of(SandboxSettings s, Path runDirectory, HostUser user) {
    if (!s.present()) {
      return Sandbox.NONE;
    }
    String program = s.program() != null ? s.program() : s.kind();
    ContainerOptions options = new ContainerOptions(s.mounts(), s.env(), s.gpuFlags(),
        s.options(), user);
    switch (s.kind()) {
      case "venv":
        Path venv = runDirectory.resolve(s.target());
        // a requirements file: the environment is built from it (see BuiltVenvSandbox)
        return s.target().endsWith(".txt") || java.nio.file.Files.isRegularFile(venv)
            ? new BuiltVenvSandbox(venv, runDirectory, s.program() != null ? s.program()
                : "python3")
            : new VenvSandbox(venv);
      case "conda":
        return new CondaSandbox(program, s.target().contains("/")
            ? runDirectory.resolve(s.target()).normalize().toString() : s.target());
      case "apptainer":
      case "singularity":
        requireGpuFlags(s, List.of("auto", "nv", "none"));
        return new ApptainerSandbox(s.kind(), program, s.target().contains("://")
            ? s.target() : runDirectory.resolve(s.target()).normalize().toString(), options);
      case "docker":
        requireGpuFlags(s, List.of("auto", "gpus", "cdi", "none"));
        return new DockerSandbox(program, s.target(), options);
      case "podman":
        requireGpuFlags(s, List.of("auto", "gpus", "cdi", "none"));
        return new PodmanSandbox(program, s.target(), options);
      default:
        throw new IllegalArgumentException("unknown sandbox kind " + s.kind());
    }
  }

  private static void requireGpuFlags(SandboxSettings s, List<String> accepted) {
    if (!accepted.contains(s.gpuFlags())) {
      ConfigValue v = s.source();
      throw ConfigException.of(v.where(), v.section(), "sandbox_gpus", "'" + s.gpuFlags()
          + "' does not apply to " + s.kind(), "write one of " + String.join(", ", accepted));
    }
  }
}
