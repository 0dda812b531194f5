package dev.pipeline.engine.inspect;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.Task;
import dev.pipeline.api.targets.local.LocalFileTarget;
import java.nio.file.Path;

/** A leaf of a test fan-out: {@code out/leaf-I.txt}. */
@Family(value = "Leaf", description = "a leaf of a test fan-out")
public class Leaf extends Task {
  @Param int i;
  @Param Path out;

  @Override
  public Object output() {
    return LocalFileTarget.of(out.resolve("leaf-" + i + ".txt"));
  }
}
