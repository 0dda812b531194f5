package dev.pipeline.engine.testing;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.targets.local.LocalFileTarget;
import java.nio.file.Path;

/** One dynamic branch: writes {@code out/branch-SEGMENT.txt}; counted as "branch-SEGMENT". */
@Family(value = "TestBranch", description = "test task created by a dynamic requirement")
public class Branch extends Task {
  @Param public String key = "k";
  @Param public String segment = "s";
  @Param(significant = false) public Path out;

  public static Branch of(String key, String segment, Path out) {
    Branch t = new Branch();
    t.key = key;
    t.segment = segment;
    t.out = out;
    return t;
  }

  @Override
  public Object output() {
    return new LocalFileTarget(out.resolve("branch-" + segment + ".txt"));
  }

  @Override
  public void run(TaskContext context) throws Exception {
    Recorder.increment(key, "branch-" + segment);
    ((LocalFileTarget) outputTarget()).writeString(segment + "\n");
  }
}
