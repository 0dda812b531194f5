package dev.pipeline.engine.sandbox;

import java.util.List;

/** {@code docker::IMAGE}: GPUs with {@code --gpus}; processes run as the caller's uid:gid. */
public final class DockerSandbox extends ContainerSandbox {
  public DockerSandbox(String program, String image, ContainerOptions options) {
    super(program, image, options);
  }

  @Override
  protected String defaultGpuFlags() {
    return "gpus";
  }

  @Override
  protected List<String> userFlags(HostUser user) {
    return List.of("--user", user.spec());
  }

  @Override
  public String describe() {
    return "docker::" + image();
  }
}
