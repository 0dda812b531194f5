package dev.pipeline.engine.command;

import dev.pipeline.engine.config.ConfigLoader;
import dev.pipeline.engine.config.ConfiguredParameters;
import dev.pipeline.engine.config.ParameterSource;
import dev.pipeline.engine.model.ParameterSpec;
import dev.pipeline.engine.model.TaskFamily;
import dev.pipeline.engine.event.RunSummary;
import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.ResourceRequest;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;
import dev.pipeline.engine.scheduler.RunOptions;
import dev.pipeline.engine.scheduler.Scheduler;
import dev.pipeline.api.targets.local.LocalDirectoryTarget;
import dev.pipeline.api.targets.local.LocalFileTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Task families whose work comes from a cfg command, and a way to run them with a cfg text. */
final class CommandRuns {
  private CommandRuns() {}

  /** Runs {@code roots} with {@code cfg} as the run's configuration file. */
  static RunSummary run(Path dir, String cfg, RunOptions options, Task... roots) {
    ParameterSource source = new ConfiguredParameters(load(dir, cfg), Map.of());
    return new Scheduler(options).run(
        java.util.Arrays.stream(roots).map(t -> configured(t, source)).toList());
  }

  /** The same task (its parameter values) as the run with {@code source} creates it. */
  static Task configured(Task task, ParameterSource source) {
    TaskFamily family = TaskFamily.of(task);
    Map<String, Object> values = new LinkedHashMap<>();
    for (ParameterSpec p : family.parameters()) {
      if (p.get(task) != null) {
        values.put(p.name(), p.get(task));
      }
    }
    return family.configure(family.newInstance(task.getClass()), null, values, source);
  }

  static RunOptions options(Path runDir) {
    return RunOptions.defaults(runDir).withJournal(false).withCaptureOutput(false);
  }

  static Path cfgFile(Path dir) {
    return dir.resolve("test.cfg");
  }

  static dev.pipeline.engine.config.PipelineConfig load(Path dir, String cfg) {
    try {
      Files.writeString(cfgFile(dir), cfg);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ConfigLoader.load(cfgFile(dir), Map.of());
  }

  /** The failure messages of a run, by task id text. */
  static Map<String, String> failures(RunSummary summary) {
    return summary.failures().stream().collect(Collectors.toMap(
        f -> f.task().canonical(), RunSummary.Failure::message, (a, b) -> a, LinkedHashMap::new));
  }

  /** A file task whose Java run() must never be called: its cfg command does the work. */
  abstract static class Scripted extends Task {
    @Param String script = "";
    @Param String text = "";
    @Param Path out;
    @Param int gpuCount = 0;
    @Param int rank = 0;

    @SuppressWarnings("unchecked")
    <T extends Scripted> T with(String script, String text, Path out) {
      this.script = script;
      this.text = text;
      this.out = out;
      return (T) this;
    }

    @Override
    public Object output() {
      return LocalFileTarget.of(out);
    }

    @Override
    public ResourceRequest resources() {
      return gpuCount == 0 ? ResourceRequest.NONE : ResourceRequest.gpus(gpuCount);
    }

    @Override
    public int priority() {
      return rank;
    }

    @Override
    public void run(TaskContext context) {
      throw new AssertionError("the Java run() of " + id() + " was called instead of its command");
    }
  }

  @Family("Sh")
  static final class Sh extends Scripted {}

  @Family("Slow")
  static final class Slow extends Scripted {}

  @Family("InSub")
  static final class InSub extends Scripted {}

  /** Writes a directory. */
  @Family("Dir")
  static final class Dir extends Scripted {
    @Override
    public Object output() {
      return LocalDirectoryTarget.of(out);
    }
  }

  /** Named outputs and a named input. */
  @Family("Pair")
  static final class Pair extends Scripted {
    @Param Path data;

    @Override
    public Object requires() {
      return Map.of("data", new Sh().with("printf data > \"$0\"", "", data));
    }

    @Override
    public Object output() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("model", LocalFileTarget.of(this.out.resolve("model.bin")));
      out.put("metrics", LocalFileTarget.of(this.out.resolve("metrics.json")));
      return out;
    }
  }

  /** Needs a Pair, so its input is nested: {input[pair][model]}. */
  @Family("Nested")
  static final class Nested extends Scripted {
    @Param Path pairDir;

    @Override
    public Object requires() {
      Pair pair = (Pair) new Pair().with("cat \"$2\" > \"$0\"; echo '{}' > \"$1\"", "", pairDir);
      pair.data = pairDir.resolveSibling("data.txt");
      return Map.of("pair", pair);
    }
  }

  /** A Java task upstream of a scripted one: proves nothing ran when validation fails. */
  @Family("Upstream")
  static final class Upstream extends Task {
    @Param Path out;

    @Override
    public Object output() {
      return LocalFileTarget.of(out);
    }

    @Override
    public void run(TaskContext context) throws IOException {
      LocalFileTarget.of(out).writeString("ran");
    }
  }

  @Family("After")
  static final class After extends Scripted {
    @Param Path marker;

    @Override
    public Object requires() {
      Upstream u = new Upstream();
      u.out = marker;
      return u;
    }
  }
}
