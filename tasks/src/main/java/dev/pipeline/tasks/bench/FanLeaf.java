package dev.pipeline.tasks.bench;

import dev.pipeline.engine.model.Family;
import dev.pipeline.engine.model.Param;
import dev.pipeline.engine.model.TaskContext;
import java.io.IOException;

/** One leaf of {@link Fan}: writes {@code i.txt} containing i. */
@Family(value = "FanLeaf", description = "a leaf of Fan")
public class FanLeaf extends BenchTask {
  @Param(description = "leaf index")
  int i;

  @Override
  public Object output() {
    return target(i + ".txt", false);
  }

  @Override
  public void run(TaskContext context) throws IOException {
    produce(i + "\n");
  }
}
