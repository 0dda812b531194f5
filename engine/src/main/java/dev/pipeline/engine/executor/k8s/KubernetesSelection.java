package dev.pipeline.engine.executor.k8s;

import dev.pipeline.engine.model.TaskFamily;
import dev.pipeline.api.Task;
import java.util.Set;

/**
 * Which tasks run as Kubernetes Jobs: the families whose cfg section says {@code executor =
 * kubernetes}, and, when Kubernetes is the run-wide executor ({@code --executor kubernetes} or
 * {@code [core] executor}), every task with outputs whose family names no other executor. A task
 * without outputs (a wrapper) stays local unless its own section sends it, as on the grid.
 *
 * @param families sent by their own section
 * @param runWide whether Kubernetes is the run-wide executor
 * @param elsewhere families whose own section names another executor (they keep it)
 */
public record KubernetesSelection(Set<String> families, boolean runWide, Set<String> elsewhere) {
  public KubernetesSelection {
    families = Set.copyOf(families);
    elsewhere = Set.copyOf(elsewhere);
  }

  /** Only the named families. */
  public static KubernetesSelection of(Set<String> families) {
    return new KubernetesSelection(families, false, Set.of());
  }

  public boolean isEmpty() {
    return families.isEmpty() && !runWide;
  }

  boolean wants(Task task) {
    String family = TaskFamily.of(task).name();
    if (families.contains(family)) {
      return true;
    }
    return runWide && !elsewhere.contains(family) && !task.outputs().isEmpty();
  }
}
