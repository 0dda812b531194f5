package dev.pipeline.engine.graph;

import dev.pipeline.api.Task;
import java.util.List;

/**
 * The one decision, beside existence, of whether a task's outputs can be used: the graph builder,
 * {@code status} and the dry run all ask it, a level at a time, so that they agree.
 */
public interface FreshnessCheck {
  /** Existence alone: a task whose outputs exist is a complete leaf (luigi's rule). */
  FreshnessCheck EXISTENCE = (tasks, exists) -> {
    Verdict[] out = new Verdict[tasks.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = exists[i] ? Verdict.LEAF : Verdict.MISSING;
    }
    return out;
  };

  /**
   * @param exists per task, whether all its outputs exist (false for a task without outputs)
   * @return per task, its verdict
   */
  Verdict[] judge(List<Task> tasks, boolean[] exists);
}
