package dev.pipeline.engine.inspect;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.Task;
import dev.pipeline.api.targets.Target;
import dev.pipeline.api.targets.TargetStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Layers of {@code width} tasks, each requiring the whole layer below; counts existence queries. */
@Family("Counted")
public class Counted extends Task {
  static final CountingStore STORE = new CountingStore();

  @Param int level;
  @Param int index;
  @Param int width;

  @Override
  public Object requires() {
    List<Task> below = new ArrayList<>();
    for (int i = 0; level > 0 && i < width; i++) {
      below.add(req(Counted.class, "level", level - 1, "index", i));
    }
    return below;
  }

  @Override
  public Object output() {
    return new Missing(level + "_" + index);
  }

  /** Never exists. */
  record Missing(String key) implements Target {
    @Override
    public boolean exists() {
      return false;
    }

    @Override
    public String uri() {
      return "counted:" + key;
    }

    @Override
    public void remove() {}

    @Override
    public TargetStore store() {
      return STORE;
    }
  }

  static final class CountingStore implements TargetStore {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public boolean[] exists(List<? extends Target> targets) {
      calls.incrementAndGet();
      return new boolean[targets.size()];
    }
  }
}
