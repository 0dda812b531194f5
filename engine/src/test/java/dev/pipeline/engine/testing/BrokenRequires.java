package dev.pipeline.engine.testing;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.Task;

/** A task whose requires() throws: a bug in task code, not a usage error. */
@Family(value = "BrokenRequires", description = "test task whose requires() throws")
public class BrokenRequires extends Task {
  @Param public String key = "k";

  @Override
  public Object requires() {
    throw new IllegalStateException("requires() is broken");
  }
}
