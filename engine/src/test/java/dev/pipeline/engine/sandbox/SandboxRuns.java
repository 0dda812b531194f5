package dev.pipeline.engine.sandbox;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.ResourceRequest;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.targets.local.LocalFileTarget;
import dev.pipeline.engine.config.ConfigLoader;
import dev.pipeline.engine.config.ConfiguredParameters;
import dev.pipeline.engine.config.ParameterSource;
import dev.pipeline.engine.event.RunSummary;
import dev.pipeline.engine.model.TaskFamily;
import dev.pipeline.engine.scheduler.RunOptions;
import dev.pipeline.engine.scheduler.Scheduler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/** A family whose work is its cfg command, and a way to run it with a cfg text. */
final class SandboxRuns {
  private SandboxRuns() {}

  /** Writes one file; holds {@code gpus} GPUs. */
  @Family("Probe")
  static final class Probe extends Task {
    @Param Path out;
    @Param int gpus = 0;

    @Override
    public Object output() {
      return LocalFileTarget.of(out);
    }

    @Override
    public ResourceRequest resources() {
      return gpus == 0 ? ResourceRequest.NONE : ResourceRequest.gpus(gpus);
    }

    @Override
    public void run(TaskContext context) {
      throw new AssertionError("the Java run() of " + id() + " was called instead of its command");
    }
  }

  /** A Java task: its run() writes the file in the engine's JVM. */
  @Family("Plain")
  static final class Plain extends Task {
    @Param Path out;

    @Override
    public Object output() {
      return LocalFileTarget.of(out);
    }

    @Override
    public void run(TaskContext context) throws IOException {
      LocalFileTarget.of(out).writeString("java");
    }
  }

  /** Runs a Plain task writing {@code out} with {@code cfg} as the run's configuration. */
  static RunSummary runPlain(Path dir, String cfg, RunOptions options, Path out)
      throws IOException {
    Path file = dir.resolve("test.cfg");
    Files.writeString(file, cfg);
    ParameterSource source = new ConfiguredParameters(ConfigLoader.load(file, Map.of()), Map.of());
    TaskFamily family = TaskFamily.of(Plain.class);
    Task plain = family.configure(family.newInstance(Plain.class), null, Map.of("out", out),
        source);
    return new Scheduler(options).run(List.of(plain));
  }

  /** Runs a Probe writing {@code out} with {@code cfg} as the run's configuration. */
  static RunSummary run(Path dir, String cfg, RunOptions options, Path out, int gpus)
      throws IOException {
    Path file = dir.resolve("test.cfg");
    Files.writeString(file, cfg);
    ParameterSource source = new ConfiguredParameters(ConfigLoader.load(file, Map.of()), Map.of());
    TaskFamily family = TaskFamily.of(Probe.class);
    Task probe = family.configure(family.newInstance(Probe.class), null,
        Map.of("out", out, "gpus", gpus), source);
    return new Scheduler(options).run(List.of(probe));
  }

  static RunOptions options(Path runDir, Map<String, String> env) {
    return RunOptions.defaults(runDir).withJournal(false).withCaptureOutput(false)
        .withEnvironment(env);
  }

  /** The stand-in copied to {@code dir/bin/NAME}, executable. */
  static Path standin(Path dir, String name) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path target = bin.resolve(name);
    try (var in = SandboxRuns.class.getResourceAsStream("/sandbox/standin")) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
    return target;
  }
}
