package dev.pipeline.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.engine.config.ConfiguredParameters;
import dev.pipeline.engine.config.PipelineConfig;
import dev.pipeline.api.error.UsageException;
import dev.pipeline.api.Task;
import dev.pipeline.engine.model.TaskFamily;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ParameterFlowTest {
  private static Set<Task> graph(Task root) {
    Set<Task> seen = new LinkedHashSet<>();
    Deque<Task> todo = new ArrayDeque<>(List.of(root));
    while (!todo.isEmpty()) {
      Task t = todo.pop();
      if (seen.add(t)) {
        todo.addAll(t.requirements());
      }
    }
    return seen;
  }

  /** The root as the CLI builds it: --Family-param values go through the parameter source. */
  private static Set<Task> rootGraph(Map<String, Map<String, String>> familyValues) {
    Sandbox s = (Sandbox) TaskFamily.of(Sandbox.class).instantiate(Map.of(
        "out_dir", "/tmp/x", "ifos", "H1,L1,V1", "sample_rate", "512", "kernel_length", "1.5",
        "seed", "7"), new ConfiguredParameters(PipelineConfig.empty(), familyValues));
    return graph(s);
  }

  @Test
  void sharedValuesReachEveryTaskAndFamilyValuesTheirFamily() {
    Set<Task> tasks = rootGraph(Map.of("Train", Map.of("learning_rate", "0.01"),
        "GenerateTestData", Map.of("dmax", "2000")));
    assertEquals(7, tasks.size());
    for (Task t : tasks) {
      SandboxTask s = (SandboxTask) t;
      assertEquals(List.of("H1", "L1", "V1"), s.ifos, t.toString());
      assertEquals(512, s.sampleRate);
      assertEquals(1.5, s.kernelLength);
      assertEquals(7, s.seed);
      assertEquals(Path.of("/tmp/x"), s.outDir);
      if (t instanceof Train train) {
        assertEquals(0.01, train.learningRate);
      }
      if (t instanceof GenerateTestData test) {
        assertEquals(2000, test.dmax);
      }
      if (t instanceof ModelTask m) {
        assertEquals(ModelTask.ModelSource.TRAIN, m.modelSource);
      }
    }
    assertTrue(tasks.stream().anyMatch(t -> t.toString().contains("learning_rate=0.01")));
  }

  @Test
  void tuneGraphSharesTheDataTasksWithSandbox() {
    Tune tune = (Tune) TaskFamily.of(Tune.class).instantiate(Map.of("out_dir", "/tmp/x"));
    Sandbox sandbox = (Sandbox) TaskFamily.of(Sandbox.class).instantiate(Map.of("out_dir", "/tmp/x"));
    Set<Task> a = graph(tune);
    Set<Task> b = graph(sandbox);
    long shared = a.stream().filter(b::contains).count();
    assertEquals(2, shared, "GenerateTrainData and GenerateTestData are the same tasks in both");
    assertEquals(4, a.stream().filter(t -> t instanceof Train).count(), "default num_trials");
  }

  @Test
  void badFamilyValuesAreUsageErrors() {
    UsageException e = assertThrows(UsageException.class,
        () -> rootGraph(Map.of("Train", Map.of("epochs", "two"))));
    assertTrue(e.getMessage().contains("--Train-epochs"), e.getMessage());
  }
}
