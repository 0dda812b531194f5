package dev.pipeline.engine.remote;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.ResourceRequest;
import dev.pipeline.api.Task;
import dev.pipeline.api.targets.local.LocalFileTarget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Task families for the remote-execution tests. */
public final class RemoteTestTasks {
  private RemoteTestTasks() {}

  /** A leaf that runs on the cluster; the test writes its output as the "job". */
  @Family("RrLeaf")
  public static class Leaf extends Task {
    @Param Path out;
    @Param int index;
    @Param int gpus;

    @Override
    public Object output() {
      return LocalFileTarget.of(out.resolve("leaf-" + index));
    }

    @Override
    public ResourceRequest resources() {
      return ResourceRequest.gpus(gpus);
    }
  }

  /** A local wrapper over n leaves. */
  @Family("RrRoot")
  public static class Root extends Task {
    @Param Path out;
    @Param int n;
    @Param int gpus;

    @Override
    public Object requires() {
      List<Task> all = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        all.add(req(Leaf.class, "index", i));
      }
      return all;
    }
  }
}
