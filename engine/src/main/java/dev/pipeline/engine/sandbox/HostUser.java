package dev.pipeline.engine.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The uid and gid this engine runs as, so that what a container writes is the user's own. */
public record HostUser(int uid, int gid) {
  /** {@code uid:gid} as docker and podman take it. */
  public String spec() {
    return uid + ":" + gid;
  }

  /** The engine's own user (the owner of {@code /proc/self}). */
  public static HostUser current() {
    try {
      Path self = Path.of("/proc/self");
      return new HostUser((Integer) Files.getAttribute(self, "unix:uid"),
          (Integer) Files.getAttribute(self, "unix:gid"));
    } catch (IOException | UnsupportedOperationException e) {
      throw new IllegalStateException("cannot read this process's uid and gid", e);
    }
  }
}
