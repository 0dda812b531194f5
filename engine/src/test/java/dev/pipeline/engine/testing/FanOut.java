package dev.pipeline.engine.testing;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.targets.local.LocalFileTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Requires {@link Segments}; dynamically requires one {@link Branch} per line of its file; merges
 * the branches into {@code out/merged.txt}. Counts run() as "fanout" and dynamicRequires() as
 * "dynamic".
 */
@Family(value = "TestFanOut", description = "test task with dynamic requirements")
public class FanOut extends Task {
  @Param public String key = "k";
  @Param(significant = false) public Path out;
  @Param(significant = false) public List<String> segments = new ArrayList<>();

  public static FanOut of(String key, Path out, List<String> segments) {
    FanOut t = new FanOut();
    t.key = key;
    t.out = out;
    t.segments = segments;
    return t;
  }

  @Override
  public Object requires() {
    return Segments.of(key, out, segments);
  }

  @Override
  public Object dynamicRequires() {
    Recorder.increment(key, "dynamic");
    List<Task> branches = new ArrayList<>();
    for (String segment : lines()) {
      branches.add(Branch.of(key, segment, out));
    }
    return branches;
  }

  private List<String> lines() {
    try {
      List<String> out = new ArrayList<>();
      for (String line : Files.readAllLines(((LocalFileTarget) input()).path())) {
        if (!line.isBlank()) {
          out.add(line.strip());
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Object output() {
    return new LocalFileTarget(out.resolve("merged.txt"));
  }

  @Override
  public void run(TaskContext context) throws Exception {
    Recorder.increment(key, "fanout");
    StringBuilder merged = new StringBuilder();
    for (String segment : lines()) {
      merged.append(Files.readString(out.resolve("branch-" + segment + ".txt")));
    }
    ((LocalFileTarget) outputTarget()).writeString(merged.toString());
  }
}
