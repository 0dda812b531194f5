package dev.pipeline.engine.web;

import dev.pipeline.api.TaskId;
import dev.pipeline.api.targets.Target;
import dev.pipeline.engine.graph.TaskNode;
import dev.pipeline.engine.runview.LiveRun;
import dev.pipeline.engine.runview.TaskDetails;
import dev.pipeline.engine.scheduler.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The live run of a scheduler as the UI sees it: its events, its tasks' outputs, its interrupt. */
public final class LiveUi {
  private LiveUi() {}

  /** A listener to add to {@code scheduler}, which then knows outputs and can stop the run. */
  public static LiveRun listener(Scheduler scheduler) {
    return new LiveRun(new GraphDetails(scheduler), scheduler::interrupt);
  }

  /** Outputs from the run's graph (a read of a map the scheduler may be growing: best effort). */
  private record GraphDetails(Scheduler scheduler) implements TaskDetails {
    @Override
    public Optional<List<String>> outputs(String taskId) {
      int open = taskId.indexOf('(');
      String family = open < 0 ? taskId : taskId.substring(0, open);
      try {
        TaskNode node = scheduler.graph().find(new TaskId(family, taskId));
        if (node == null) {
          return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        for (Target t : node.task().outputs()) {
          out.add(t.uri());
        }
        return Optional.of(out);
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    }
  }
}
