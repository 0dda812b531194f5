package dev.pipeline.engine.sandbox;

import java.util.List;

/**
 * The options of a container sandbox from its cfg keys.
 *
 * @param mounts extra mounts as written ({@code SRC}, {@code SRC:DST}, {@code SRC:DST:ro})
 * @param env more variable names to forward
 * @param gpuFlags auto, cdi, gpus, nv or none
 * @param extra words added before the image ({@code sandbox_options})
 * @param user whose uid and gid the container's processes get
 */
public record ContainerOptions(List<String> mounts, List<String> env, String gpuFlags,
    List<String> extra, HostUser user) {
  public ContainerOptions {
    mounts = List.copyOf(mounts);
    env = List.copyOf(env);
    extra = List.copyOf(extra);
  }
}
