package dev.pipeline.engine.testing;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.targets.local.LocalFileTarget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code n} {@link Node} leaves named {@code leaf0..} and this sink ({@code out/fan.txt}), usable
 * from a command line: leaves inherit {@code out}, {@code millis} and {@code ledger} (the sink
 * also appends "fan PID" to the ledger); leaf {@code failIndex} always fails (not retryable).
 */
@Family(value = "TestFan", description = "n test leaves and a sink")
public class NodeFan extends Task {
  @Param public String key = "fan";
  @Param public int n = 3;
  @Param(significant = false) public Path out;
  @Param(significant = false) public long millis;
  @Param(significant = false) public Path ledger;
  @Param(significant = false) public int failIndex = -1;

  @Override
  public Object requires() {
    List<Task> leaves = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Node leaf = Node.of(key, "leaf" + i).out(out).millis(millis).ledger(ledger);
      if (i == failIndex) {
        leaf.failTimes(Integer.MAX_VALUE).permanent();
      }
      leaves.add(leaf);
    }
    return leaves;
  }

  @Override
  public Object output() {
    return out == null ? null : new LocalFileTarget(out.resolve("fan.txt"));
  }

  @Override
  public void run(TaskContext context) throws Exception {
    if (ledger != null) {
      java.nio.file.Files.writeString(ledger, "fan " + ProcessHandle.current().pid() + "\n",
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }
    if (out != null) {
      ((LocalFileTarget) outputTarget()).writeString(n + "\n");
    }
  }
}
