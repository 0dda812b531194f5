package dev.pipeline.tasks.bench;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.TaskContext;
import java.io.IOException;
import java.util.List;

/** Task (layer, index) of {@link Layers}; writes {@code layer_index.txt}. */
@Family(value = "bench.LayersNode", description = "one task of Layers")
public class LayersNode extends BenchTask {
  @Param int layer;
  @Param int index;
  @Param int width;

  static LayersNode of(BenchTask parent, int layer, int index, int width) {
    return parent.child(LayersNode.class, "layer", layer, "index", index, "width", width);
  }

  @Override
  public Object requires() {
    if (layer == 0) {
      return null;
    }
    return List.of(of(this, layer - 1, index, width), of(this, layer - 1, (index + 1) % width, width));
  }

  @Override
  public Object output() {
    return target(layer + "_" + index + ".txt", false);
  }

  @Override
  public void run(TaskContext context) throws IOException {
    produce(layer + "_" + index + "\n");
  }
}
