package dev.pipeline.tasks.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.engine.error.UsageException;
import dev.pipeline.engine.model.Task;
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

  private static Sandbox root() {
    Sandbox s = (Sandbox) TaskFamily.of(Sandbox.class).instantiate(Map.of(
        "out_dir", "/tmp/x", "ifos", "H1,L1,V1", "sample_rate", "512", "kernel_length", "1.5",
        "seed", "7", "overrides", "Train.learning_rate=0.01,GenerateTestData.dmax=2000"));
    return s;
  }

  @Test
  void sharedValuesReachEveryTaskAndOverridesTheirFamily() {
    Set<Task> tasks = graph(root());
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

  private static Sandbox withOverrides(String... overrides) {
    Sandbox s = (Sandbox) TaskFamily.of(Sandbox.class).instantiate(Map.of("out_dir", "/tmp/x"));
    s.overrides = List.of(overrides);
    return s;
  }

  @Test
  void badOverridesAreUsageErrors() {
    assertThrows(UsageException.class, withOverrides("Trian.epochs=2")::requires);
    UsageException e = assertThrows(UsageException.class, () -> graph(withOverrides("Train.epoch=2")));
    assertTrue(e.getMessage().contains("no parameter epoch"), e.getMessage());
    e = assertThrows(UsageException.class, () -> graph(withOverrides("Train.seed=2")));
    assertTrue(e.getMessage().contains("root task"), e.getMessage());
    e = assertThrows(UsageException.class, () -> graph(withOverrides("Train.epochs=two")));
    assertTrue(e.getMessage().contains("Train.epochs"), e.getMessage());
  }
}
