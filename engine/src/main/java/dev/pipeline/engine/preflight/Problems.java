package dev.pipeline.engine.preflight;

import dev.pipeline.api.error.UsageException;
import java.util.LinkedHashSet;
import java.util.Set;

/** The problems preflight found, each once, in the order found. */
final class Problems {
  private final Set<String> lines = new LinkedHashSet<>();

  void add(String line) {
    lines.add(line);
  }

  boolean isEmpty() {
    return lines.isEmpty();
  }

  /**
   * @throws UsageException with every problem, one line each, when there is any (one problem is
   *     the message itself, like any other one-line error)
   */
  void throwIfAny() {
    if (lines.size() == 1) {
      throw new UsageException(lines.iterator().next());
    }
    if (!lines.isEmpty()) {
      throw new UsageException("preflight found " + lines.size()
          + (lines.size() == 1 ? " problem" : " problems") + " before anything ran:\n  "
          + String.join("\n  ", lines));
    }
  }
}
