package dev.pipeline.engine.testing;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;

/** Requires itself (a task equal to it). */
@Family(value = "SelfCycle", description = "test task that requires itself")
public class SelfCycle extends Task {
  @Param public String key = "k";

  public static SelfCycle of(String key) {
    SelfCycle t = new SelfCycle();
    t.key = key;
    return t;
  }

  @Override
  public Object requires() {
    return of(key);
  }

  @Override
  public void run(TaskContext context) {
    Recorder.increment(key, "SelfCycle");
  }
}
