package dev.pipeline.engine.provenance;

import dev.pipeline.api.Task;
import dev.pipeline.api.targets.Target;
import dev.pipeline.api.targets.TargetStore;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inputs of tasks as they are now: the outputs of their static requirements with their
 * fingerprints, asked of each store once for all of them.
 */
final class Fingerprinter {
  List<List<ProvenanceRecord.Input>> inputsOf(List<Task> tasks) {
    Map<TargetStore, List<Target>> byStore = new IdentityHashMap<>();
    List<List<Target>> perTask = new ArrayList<>(tasks.size());
    for (Task task : tasks) {
      List<Target> inputs = new ArrayList<>();
      for (Task r : task.requirements()) {
        for (Target t : r.outputs()) {
          inputs.add(t);
          byStore.computeIfAbsent(t.store(), s -> new ArrayList<>()).add(t);
        }
      }
      perTask.add(inputs);
    }
    Map<Target, String> prints = new IdentityHashMap<>();
    for (Map.Entry<TargetStore, List<Target>> e : byStore.entrySet()) {
      String[] p = e.getKey().fingerprints(e.getValue());
      for (int i = 0; i < p.length; i++) {
        prints.put(e.getValue().get(i), p[i]);
      }
    }
    List<List<ProvenanceRecord.Input>> out = new ArrayList<>(tasks.size());
    for (List<Target> inputs : perTask) {
      List<ProvenanceRecord.Input> list = new ArrayList<>(inputs.size());
      for (Target t : inputs) {
        list.add(new ProvenanceRecord.Input(t.uri(), prints.get(t)));
      }
      out.add(list);
    }
    return out;
  }
}
