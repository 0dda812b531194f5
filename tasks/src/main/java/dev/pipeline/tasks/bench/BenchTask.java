package dev.pipeline.tasks.bench;

import dev.pipeline.api.error.UsageException;
import dev.pipeline.api.Param;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.targets.FileTarget;
import dev.pipeline.api.targets.Target;
import dev.pipeline.api.targets.local.LocalFileTarget;
import dev.pipeline.api.targets.memory.MemoryStore;
import dev.pipeline.api.targets.memory.MemoryTarget;
import java.io.IOException;
import java.nio.file.Path;

/** Shared parameters and output handling of the Fan and Layers benchmark families. */
abstract class BenchTask extends Task {
  static final MemoryStore MEMORY = new MemoryStore();

  @Param(description = "output directory (file storage)")
  Path out;

  @Param(significant = false, description = "file or memory")
  Storage storage = Storage.FILE;

  @Param(significant = false, description = "memory storage only: none, all or all_but_sink exist up front")
  Preset preset = Preset.NONE;

  /** The one output, named {@code name}; {@code sink} tells the preset which tasks to mark. */
  Target target(String name, boolean sink) {
    if (storage == Storage.MEMORY) {
      MemoryTarget t = MEMORY.target((out == null ? "" : out + "/") + name);
      if (preset == Preset.ALL || (preset == Preset.ALL_BUT_SINK && !sink)) {
        t.create();
      }
      return t;
    }
    if (out == null) {
      throw new UsageException(id().family() + ": --out is required (or --storage memory)");
    }
    return new LocalFileTarget(out.resolve(name));
  }

  /** Writes {@code content} to the single output, atomically. */
  void produce(String content) throws IOException {
    Target t = outputTarget();
    if (t instanceof MemoryTarget m) {
      m.create();
    } else if (t instanceof FileTarget f) {
      f.writeString(content);
    }
  }

  /** A requirement sharing this task's out, storage and preset (through req()). */
  <T extends BenchTask> T child(Class<T> type, Object... overrides) {
    return req(type, overrides);
  }

  @Override
  public abstract void run(TaskContext context) throws IOException;
}
