package dev.pipeline.engine.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.Task;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A cluster job's run-task line never lets a parameter pass for one of run-task's options. */
class TaskCommandLineTest {
  @Family("TclConfigured")
  public static final class Configured extends Task {
    @Param Path config = Path.of("/cfg/train.yaml");
    @Param int attempt = 3;
    @Param int n = 1;
  }

  @Test
  void parametersNamedLikeRunTaskOptions_areWrittenWithTheirFamily() {
    List<String> argv = new TaskCommandLine(List.of("pipeline"), Path.of("/run"),
        Path.of("/run/p.cfg"), List.of()).argv(new Configured(), 1, Path.of("/r.json"));
    assertEquals(List.of("pipeline", "run-task", "TclConfigured", "--run-dir=/run",
        "--config=/run/p.cfg", "--attempt=1", "--result-file=/r.json",
        "--TclConfigured-attempt=3", "--TclConfigured-config=/cfg/train.yaml", "--n=1"), argv);
  }
}
