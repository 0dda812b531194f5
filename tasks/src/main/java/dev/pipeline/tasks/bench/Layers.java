package dev.pipeline.tasks.bench;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.TaskContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark: L layers of W tasks; task (l, i) for l >= 1 requires (l-1, i) and (l-1, (i+1) mod W);
 * the sink requires the last layer and writes {@code all.txt}.
 */
@Family(value = "bench.Layers", description = "L layers of W tasks with crossing edges, and a sink")
public class Layers extends BenchTask {
  @Param(description = "number of layers", min = 1, max = 100_000)
  int layers = 10;

  @Param(description = "tasks per layer", min = 1, max = 1_000_000)
  int width = 100;

  @Override
  public Object requires() {
    List<LayersNode> last = new ArrayList<>(width);
    for (int i = 0; i < width; i++) {
      last.add(LayersNode.of(this, layers - 1, i, width));
    }
    return last;
  }

  @Override
  public Object output() {
    return target("all.txt", true);
  }

  @Override
  public void run(TaskContext context) throws IOException {
    produce(layers * width + "\n");
  }
}
