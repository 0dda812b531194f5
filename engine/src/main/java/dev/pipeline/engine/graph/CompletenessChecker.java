package dev.pipeline.engine.graph;

import dev.pipeline.api.Task;
import dev.pipeline.api.targets.Target;
import dev.pipeline.api.targets.TargetStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which of many tasks are complete with one bulk query per store, so that a graph of
 * 100,000 tasks costs a few directory listings (or S3 list calls), not 100,000 round trips.
 */
public final class CompletenessChecker {
  private CompletenessChecker() {}

  /** {@code result[i]} is true when {@code tasks.get(i)} has outputs and all of them exist. */
  public static boolean[] check(List<Task> tasks) {
    Map<TargetStore, Batch> batches = new IdentityHashMap<>();
    boolean[] complete = new boolean[tasks.size()];
    int[] missing = new int[tasks.size()];
    for (int i = 0; i < tasks.size(); i++) {
      List<Target> outputs = tasks.get(i).outputs();
      missing[i] = outputs.size();
      complete[i] = !outputs.isEmpty();
      for (Target t : outputs) {
        batches.computeIfAbsent(t.store(), s -> new Batch(tasks.size())).add(t, i);
      }
    }
    for (Map.Entry<TargetStore, Batch> e : batches.entrySet()) {
      Batch batch = e.getValue();
      boolean[] exists = e.getKey().exists(batch.targets);
      for (int j = 0; j < exists.length; j++) {
        if (!exists[j]) {
          complete[batch.owners[j]] = false;
        }
      }
    }
    return complete;
  }

  /** Whether one task is complete (all outputs exist; false when it has none). */
  public static boolean isComplete(Task task) {
    List<Target> outputs = task.outputs();
    if (outputs.isEmpty()) {
      return false;
    }
    for (Target t : outputs) {
      if (!t.exists()) {
        return false;
      }
    }
    return true;
  }

  private static final class Batch {
    final List<Target> targets;
    int[] owners;

    /** {@code expected}: usually every task of the level has one output in this store. */
    Batch(int expected) {
      targets = new ArrayList<>(expected);
      owners = new int[Math.max(16, expected)];
    }

    void add(Target t, int owner) {
      if (targets.size() == owners.length) {
        owners = Arrays.copyOf(owners, owners.length * 2);
      }
      owners[targets.size()] = owner;
      targets.add(t);
    }
  }
}
