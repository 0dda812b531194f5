package dev.pipeline.api;

import java.nio.file.Path;

/**
 * An item a task published while it ran (a checkpoint after N steps): its name, unique within its
 * producer ({@code step-000300}), and where it lies, complete, when it was published.
 */
public record Published(String name, Path path) {
  public Published {
    if (name == null || name.isBlank() || name.chars().anyMatch(c -> c < 0x20)) {
      throw new IllegalArgumentException("a published item needs a name without control"
          + " characters, got '" + name + "'");
    }
    if (path == null) {
      throw new IllegalArgumentException("published item " + name + " has no path");
    }
  }
}
