package dev.pipeline.tasks.bench;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.TaskContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Benchmark: N independent leaves (leaf i writes {@code i.txt} = i) and a sink ({@code all.txt} = N). */
@Family(value = "bench.Fan", description = "N leaf tasks and one sink that requires them all")
public class Fan extends BenchTask {
  @Param(description = "number of leaves", min = 0, max = 1_000_000)
  int n = 1000;

  @Override
  public Object requires() {
    List<FanLeaf> leaves = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      leaves.add(req(FanLeaf.class, "i", i));
    }
    return leaves;
  }

  @Override
  public Object output() {
    return target("all.txt", true);
  }

  @Override
  public void run(TaskContext context) throws IOException {
    produce(n + "\n");
  }
}
