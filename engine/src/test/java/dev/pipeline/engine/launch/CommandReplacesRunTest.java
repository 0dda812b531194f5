package dev.pipeline.engine.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.engine.event.RunSummary;
import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;
import dev.pipeline.engine.model.TaskRegistry;
import dev.pipeline.engine.scheduler.Scheduler;
import dev.pipeline.api.targets.FileTarget;
import dev.pipeline.api.targets.local.LocalFileTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [Train] command = ...} in a real cfg file takes over a family written in Java. */
class CommandReplacesRunTest {
  static final AtomicBoolean JAVA_RAN = new AtomicBoolean();

  @TempDir Path tmp;

  @BeforeEach
  void reset() {
    JAVA_RAN.set(false);
  }

  /** Trains in Java, unless the cfg says otherwise. */
  @Family("Train")
  public static final class Train extends Task {
    @Param double lr = 0.001;
    @Param int epochs = 1;
    @Param(required = true) Path out;

    @Override
    public Object output() {
      return LocalFileTarget.of(out.resolve("model.onnx"));
    }

    @Override
    public void run(TaskContext context) throws IOException {
      JAVA_RAN.set(true);
      ((FileTarget) outputTarget()).writeString("java");
    }
  }

  private RunSummary run(String cfg, String... args) throws IOException {
    Path file = tmp.resolve("pipeline.cfg");
    Files.writeString(file, cfg);
    TaskRegistry registry = new TaskRegistry().register(Train.class);
    RunSetup setup = RunSetup.prepare(registry, "Train", List.of(args), file, Map.of("ROOT", tmp.toString()));
    var options = new RunOptionsBuilder(setup).runDirectory(tmp.resolve("run")).journal(false).build();
    return new Scheduler(options.withCaptureOutput(false)).run(List.of(setup.root()));
  }

  @Test
  void command_replacesTheJavaRunWithTheSameOutput() throws IOException {
    RunSummary summary = run("""
        [Train]
        lr = 0.25
        command = bash -c 'printf "%s " "$$@" > "$$0"' {output}
          --lr {lr} --epochs {epochs}
          --out-dir ${ROOT}/models
        timeout = 1m
        """, "--out", tmp.resolve("models").toString(), "--epochs", "3");

    assertEquals(ExitCode.OK, summary.exitCode(), summary.failures().toString());
    assertFalse(JAVA_RAN.get(), "Train.run() was called");
    assertEquals("--lr 0.25 --epochs 3 --out-dir " + tmp + "/models ",
        Files.readString(tmp.resolve("models/model.onnx")));
  }

  @Test
  void withoutCommand_theJavaRunStillRuns() throws IOException {
    RunSummary summary = run("[Train]\nlr = 0.5\n", "--out", tmp.resolve("models").toString());

    assertEquals(ExitCode.OK, summary.exitCode());
    assertEquals("java", Files.readString(tmp.resolve("models/model.onnx")));
  }
}
