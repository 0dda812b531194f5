package dev.pipeline.engine.provenance;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.targets.FileTarget;
import dev.pipeline.api.targets.Staged;
import dev.pipeline.api.targets.local.LocalFileTarget;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A test family: writes {@code out/NAME.txt} holding its value and its inputs' contents, and
 * appends its name to {@code out/ran.log} each time it runs (which tasks a run started).
 */
@Family("test.Step")
public class Step extends Task {
  @Param public String name = "a";
  @Param public int value = 1;
  @Param(significant = false) public Path out;
  public List<Task> deps = List.of();

  static <T extends Step> T of(Class<T> type, Path out, String name, int value, Task... deps) {
    T t = Task.create(type, "name", name, "value", value, "out", out);
    t.deps = List.of(deps);
    return t;
  }

  static Step of(Path out, String name, int value, Task... deps) {
    return of(Step.class, out, name, value, deps);
  }

  @Override
  public Object requires() {
    return deps;
  }

  @Override
  public LocalFileTarget output() {
    return new LocalFileTarget(out.resolve(name + ".txt"));
  }

  @Override
  public void run(TaskContext context) throws IOException {
    StringBuilder text = new StringBuilder(name + "=" + value + "\n");
    for (Task d : requirements()) {
      try (InputStream in = ((FileTarget) d.outputs().get(0)).read()) {
        text.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    try (Staged s = output().stage()) {
      Files.writeString(s.path(), text);
      s.commit();
    }
    Files.writeString(out.resolve("ran.log"), name + "\n", StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  /** The names of the tasks that ran since the log was last cleared, in order. */
  static List<String> ran(Path out) throws IOException {
    Path log = out.resolve("ran.log");
    if (!Files.exists(log)) {
      return List.of();
    }
    List<String> names = Files.readAllLines(log);
    Files.delete(log);
    return names;
  }
}
