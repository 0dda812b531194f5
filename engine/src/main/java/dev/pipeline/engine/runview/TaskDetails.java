package dev.pipeline.engine.runview;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run knows about a task beyond its journal records. The live run knows its tasks'
 * outputs; a journal read back does not record them. Provenance is a hook: a reader of recorded
 * provenance plugs in here, and the UI shows whatever it returns.
 */
public interface TaskDetails {
  /** Nothing beyond the journal. */
  TaskDetails NONE = new TaskDetails() { };

  /** The task's outputs (as their targets print), when known. */
  default Optional<List<String>> outputs(String taskId) {
    return Optional.empty();
  }

  /** The task's recorded provenance (field to value), when a reader for it exists. */
  default Optional<Map<String, Object>> provenance(String taskId) {
    return Optional.empty();
  }
}
