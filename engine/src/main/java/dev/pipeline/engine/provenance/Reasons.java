package dev.pipeline.engine.provenance;

import dev.pipeline.api.Task;
import dev.pipeline.engine.model.TaskFamily;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Says what changed between a record and the present, in the words {@code status} and the dry run
 * print: {@code learning_rate 0.003 -> 0.01}, {@code input data/train/background.npy changed}.
 */
final class Reasons {
  private final String runDirectory;

  Reasons(Path runDirectory) {
    this.runDirectory = runDirectory.toAbsolutePath().normalize() + "/";
  }

  /** The significant parameters that differ; the ids when only the family's naming changed. */
  String parameters(ProvenanceRecord then, Task now) {
    Map<String, String> current = TaskFamily.of(now).significantValues(now);
    Set<String> names = new LinkedHashSet<>(then.params().keySet());
    names.addAll(current.keySet());
    List<String> changes = new ArrayList<>();
    for (String name : names) {
      String before = then.params().get(name);
      String after = current.get(name);
      if (!Objects.equals(before, after)) {
        changes.add(name + " " + shown(before) + " -> " + shown(after));
      }
    }
    return changes.isEmpty() ? "made by " + then.task() + ", now " + now.id()
        : String.join(", ", changes);
  }

  private static String shown(String value) {
    return value == null ? "(unset)" : value;
  }

  /** The first input that differs: changed, missing, or new or no longer read. */
  String inputs(ProvenanceRecord then, List<ProvenanceRecord.Input> now) {
    Map<String, String> recorded = new HashMap<>();
    for (ProvenanceRecord.Input in : then.inputs()) {
      recorded.put(in.uri(), in.fingerprint());
    }
    for (ProvenanceRecord.Input in : now) {
      if (!recorded.containsKey(in.uri())) {
        return "input " + display(in.uri()) + " is new";
      }
      String before = recorded.remove(in.uri());
      if (!Objects.equals(before, in.fingerprint())) {
        return "input " + display(in.uri()) + (in.fingerprint() == null ? " missing" : " changed");
      }
    }
    return recorded.isEmpty() ? "inputs changed"
        : "input " + display(recorded.keySet().iterator().next()) + " no longer read";
  }

  /** A local path under the run directory relative to it; anything else as it is. */
  String display(String uri) {
    return uri.startsWith(runDirectory) ? uri.substring(runDirectory.length()) : uri;
  }
}
