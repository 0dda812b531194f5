package dev.pipeline.engine.testing;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.targets.local.LocalFileTarget;
import java.nio.file.Path;

/** Part of the cycle CycleA -> CycleB -> CycleC -> CycleA; run() counts and writes out/C.txt. */
@Family(value = "CycleC", description = "test task in a dependency cycle")
public class CycleC extends Task {
  @Param public String key = "k";
  @Param(significant = false) public Path out;

  public static CycleC of(String key, Path out) {
    CycleC t = new CycleC();
    t.key = key;
    t.out = out;
    return t;
  }

  @Override
  public Object requires() {
    return CycleA.of(key, out);
  }

  @Override
  public Object output() {
    return out == null ? null : new LocalFileTarget(out.resolve("C.txt"));
  }

  @Override
  public void run(TaskContext context) throws Exception {
    Recorder.increment(key, "CycleC");
    if (out != null) {
      ((LocalFileTarget) outputTarget()).writeString("C\n");
    }
  }
}
