package dev.pipeline.engine.sandbox;

import java.util.List;

/** {@code podman::IMAGE}: GPUs as CDI devices; rootless podman keeps the caller's uid. */
public final class PodmanSandbox extends ContainerSandbox {
  public PodmanSandbox(String program, String image, ContainerOptions options) {
    super(program, image, options);
  }

  @Override
  protected String defaultGpuFlags() {
    return "cdi";
  }

  @Override
  protected List<String> userFlags(HostUser user) {
    // Rootless podman maps the caller to root inside unless asked to keep the id.
    return user.uid() == 0 ? List.of("--user", user.spec()) : List.of("--userns=keep-id");
  }

  @Override
  public String describe() {
    return "podman::" + image();
  }
}
