package dev.pipeline.engine.journal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This machine's name as runs record it (journal, task logs, sweep records) and compare it (is a
 * "running" entry from here?): the kernel's host name, with no DNS lookup, which can stall for
 * seconds on a cluster node.
 */
public final class HostName {
  private HostName() {}

  public static String current() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
    } catch (IOException | RuntimeException e) {
      try {
        return InetAddress.getLocalHost().getHostName();
      } catch (IOException e2) {
        return "unknown";
      }
    }
  }
}
