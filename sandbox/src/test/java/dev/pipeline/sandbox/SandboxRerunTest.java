package dev.pipeline.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pipeline.api.Task;
import dev.pipeline.api.error.ExitCode;
import dev.pipeline.engine.config.ConfiguredParameters;
import dev.pipeline.engine.config.PipelineConfig;
import dev.pipeline.engine.event.RunSummary;
import dev.pipeline.engine.event.TaskEvent;
import dev.pipeline.engine.event.TaskState;
import dev.pipeline.engine.graph.TaskGraph;
import dev.pipeline.engine.graph.TaskNode;
import dev.pipeline.engine.scheduler.RunOptions;
import dev.pipeline.engine.scheduler.Scheduler;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox reruns through the engine's provenance, not targets of its own: a changed
 * learning_rate reruns Train and what follows it, a changed sample_rate (every family's) reruns
 * everything, and nothing else is touched.
 */
class SandboxRerunTest {
  @TempDir Path dir;

  private static final Set<String> TRAIN_AND_AFTER = Set.of("sandbox.Train", "sandbox.Export",
      "sandbox.Infer", "sandbox.SensitiveVolume", "sandbox.Sandbox");

  private Sandbox root(String family, String key, String value) {
    Map<String, Map<String, String>> params = new HashMap<>(PipelineTest.TINY);
    if (family != null) {
      Map<String, String> section = new HashMap<>(params.getOrDefault(family, Map.of()));
      section.put(key, value);
      params.put(family, section);
    }
    return Task.create(new ConfiguredParameters(PipelineConfig.empty(), params), Sandbox.class,
        "out_dir", dir.resolve("out"));
  }

  private Set<String> run(Task root) {
    Set<String> done = new TreeSet<>();
    RunSummary summary = new Scheduler(RunOptions.defaults(dir).withWorkers(2))
        .listener(e -> {
          if (e instanceof TaskEvent t && t.state() == TaskState.DONE) {
            synchronized (done) {
              done.add(t.task().family());
            }
          }
        })
        .run(List.of(root));
    assertEquals(ExitCode.OK, summary.exitCode(), summary.failures().toString());
    return done;
  }

  /** Family -> why its task would run, from the graph a run would build (the dry run's). */
  private Map<String, String> plan(Task root) {
    TaskGraph graph = new Scheduler(RunOptions.defaults(dir)).plan(List.of(root));
    Map<String, String> out = new TreeMap<>();
    for (TaskNode n : graph.nodes()) {
      if (!n.completeAtStart() && !n.task().outputs().isEmpty()) {
        out.put(n.task().id().family(), n.rerunReason() != null ? n.rerunReason() : "missing");
      }
    }
    return out;
  }

  @Test
  void learningRate_rerunsTrainAndWhatFollows_sampleRate_rerunsEverything() {
    run(root(null, null, null));

    Sandbox faster = root("Train", "learning_rate", "0.01");
    Map<String, String> why = plan(faster);
    assertEquals(Set.of("sandbox.Train", "sandbox.Export", "sandbox.Infer",
        "sandbox.SensitiveVolume"), why.keySet());
    assertEquals("stale: learning_rate 0.003 -> 0.01", why.get("sandbox.Train"));
    assertEquals("upstream Train reran", why.get("sandbox.Export"));
    assertEquals(TRAIN_AND_AFTER, run(faster));
    assertEquals(Set.of(), run(faster), "done: nothing left to do");

    Map<String, String> all = plan(root("Sandbox", "sample_rate", "512"));
    assertEquals(Set.of("sandbox.GenerateTrainData", "sandbox.GenerateTestData", "sandbox.Train",
        "sandbox.Export", "sandbox.Infer", "sandbox.SensitiveVolume"), all.keySet());
    assertEquals("stale: sample_rate 256.0 -> 512.0", all.get("sandbox.GenerateTrainData"));
  }
}
