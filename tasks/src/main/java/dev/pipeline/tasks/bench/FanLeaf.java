package dev.pipeline.tasks.bench;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.TaskContext;
import java.io.IOException;

/** One leaf of {@link Fan}: writes {@code i.txt} containing i. */
@Family(value = "bench.FanLeaf", description = "a leaf of Fan")
public class FanLeaf extends BenchTask {
  @Param(description = "leaf index", min = 0)
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
