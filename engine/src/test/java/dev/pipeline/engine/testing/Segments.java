package dev.pipeline.engine.testing;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.targets.local.LocalFileTarget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes {@code out/segments.txt}, one segment name per line. */
@Family(value = "TestSegments", description = "test task that writes a list of segments")
public class Segments extends Task {
  @Param public String key = "k";
  @Param(significant = false) public Path out;
  @Param(significant = false) public List<String> segments = new ArrayList<>();

  public static Segments of(String key, Path out, List<String> segments) {
    Segments t = new Segments();
    t.key = key;
    t.out = out;
    t.segments = segments;
    return t;
  }

  @Override
  public Object output() {
    return new LocalFileTarget(out.resolve("segments.txt"));
  }

  @Override
  public void run(TaskContext context) throws Exception {
    Recorder.increment(key, "segments");
    ((LocalFileTarget) outputTarget()).writeString(String.join("\n", segments) + "\n");
  }
}
