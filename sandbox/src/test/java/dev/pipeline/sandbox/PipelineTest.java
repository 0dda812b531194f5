package dev.pipeline.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.api.error.ExitCode;
import dev.pipeline.engine.event.RunSummary;
import dev.pipeline.engine.event.TaskEvent;
import dev.pipeline.engine.event.TaskState;
import dev.pipeline.engine.journal.JournalReader;
import dev.pipeline.engine.journal.JournalRecord;
import dev.pipeline.api.Task;
import dev.pipeline.engine.scheduler.RunOptions;
import dev.pipeline.engine.scheduler.Scheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.pipeline.engine.config.ConfiguredParameters;
import dev.pipeline.engine.config.PipelineConfig;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole pipeline, tiny, through the engine's scheduler. */
class PipelineTest {
  /** Sizes that keep one pass to a few seconds; the physics and code paths are the defaults'. */
  static final Map<String, Map<String, String>> TINY = Map.of(
      "GenerateTrainData", Map.of("train_duration", "96", "num_signals", "120"),
      "GenerateTestData", Map.of("test_duration", "160", "num_injections", "40"),
      "Train", Map.of("epochs", "2", "windows_per_epoch", "1024", "validation_windows", "256"),
      "TuneSelect", Map.of("num_trials", "2"),
      "Infer", Map.of("Tb", "1200"));

  @TempDir Path dir;

  /** A root with the tiny sizes, as --Family-param values on the command line give them. */
  private <T extends SandboxTask> T tiny(Class<T> type) {
    return Task.create(new ConfiguredParameters(PipelineConfig.empty(), TINY), type,
        "out_dir", dir.resolve("out"));
  }

  /** What runs again when the model changes: the families are namespaced (issue 13). */
  private static final Set<String> AFTER_A_NEW_MODEL = Set.of("sandbox.Train", "sandbox.Export",
      "sandbox.Infer", "sandbox.SensitiveVolume", "sandbox.Sandbox");

  private static final class Run {
    final RunSummary summary;
    final Set<String> done = new TreeSet<>();

    Run(Path runDir, int workers, Task root) {
      List<TaskEvent> events = new ArrayList<>();
      summary = new Scheduler(RunOptions.defaults(runDir).withWorkers(workers))
          .listener(e -> {
            if (e instanceof TaskEvent t) {
              events.add(t);
            }
          })
          .run(List.of(root));
      for (TaskEvent e : events) {
        if (e.state() == TaskState.DONE) {
          done.add(e.task().family());
        }
      }
    }
  }

  @Test
  void sandboxRunsOnceAndRerunsOnlyWhatDependsOnADeletedModel() throws Exception {
    Path out = dir.resolve("out");
    Run first = new Run(dir, 2, tiny(Sandbox.class));
    assertEquals(ExitCode.OK, first.summary.exitCode(), first.summary.failures().toString());
    assertEquals(Set.of("sandbox.GenerateTrainData", "sandbox.GenerateTestData", "sandbox.Train",
        "sandbox.Export", "sandbox.Infer", "sandbox.SensitiveVolume", "sandbox.Sandbox"), first.done);
    for (String f : List.of("data/train/background.npy", "data/test/injections.npy", "data/test/rejected.npy",
        "train/model.bin", "train/metrics.json", "export/model_repo/aframe/1/model.onnx",
        "export/model_repo/aframe/config.pbtxt", "infer/background_events.npy",
        "infer/foreground_events.npy", "infer/background.hdf5", "infer/foreground.hdf5", "results/sv.json",
        "results/sv.png", "results/sensitive_volume.h5", "results/sv.html")) {
      assertTrue(Files.isRegularFile(out.resolve(f)), f);
    }
    JsonNode sv = Json.read(out.resolve("results/sv.json"));
    JsonNode points = sv.get("points");
    assertTrue(points.size() > 3);
    for (int i = 1; i < points.size(); i++) {
      assertTrue(points.get(i).get("sv_gpc3").asDouble() >= points.get(i - 1).get("sv_gpc3").asDouble());
    }
    assertEquals("PLANCK15", sv.get("cosmology").asText(), "every result says which cosmology");
    assertEquals("detector horizon", sv.get("dmax_source").asText());
    for (JsonNode p : points) {
      assertTrue(p.get("k").asInt() >= 10, "no FAR quoted from fewer than 10 background events");
      assertTrue(p.get("sv_err_threshold_gpc3").asDouble() >= 0);
      assertEquals(p.get("k").asDouble() / sv.get("Tb").asDouble() * 86400, p.get("far_per_day").asDouble(), 1e-9);
    }
    assertEquals(3, sv.get("not_reported").size(), "Tb = 1200 s reaches no FAR of 1, 10 or 100 per day with 10 events");
    assertTrue(Json.read(out.resolve("infer/metadata.json")).get("Tb").asDouble() >= 1200);
    String page = Files.readString(out.resolve("results/sv.html"));
    assertTrue(page.contains("<svg") && page.contains("PLANCK15") && !page.contains("<script"), "self-contained page");
    H5pyCheck.assertReadable(out, sv);
    assertTrue(Json.read(out.resolve("export/roundtrip.json")).get("passed").asBoolean());
    byte[] model = Files.readAllBytes(out.resolve("train/model.bin"));

    Run second = new Run(dir, 2, tiny(Sandbox.class));
    assertEquals(ExitCode.OK, second.summary.exitCode());
    assertEquals(0, second.summary.count(TaskState.DONE), "nothing to do: " + second.done);

    Files.delete(out.resolve("train/model.bin"));
    Run third = new Run(dir, 2, tiny(Sandbox.class));
    assertEquals(ExitCode.OK, third.summary.exitCode(), third.summary.failures().toString());
    assertEquals(AFTER_A_NEW_MODEL, third.done,
        "the wrapper runs again because its requirement ran; the data sets stay");
    assertArrayEquals(model, Files.readAllBytes(out.resolve("train/model.bin")), "training is deterministic");

    // The journal of the third run says the same.
    List<JournalRecord> journal = JournalReader.read(dir.resolve(".pipeline/journal.jsonl"));
    String lastRun = journal.get(journal.size() - 1).run();
    Set<String> journalDone = new TreeSet<>();
    for (JournalRecord r : journal) {
      if (lastRun.equals(r.run()) && "DONE".equals(r.state())) {
        journalDone.add(r.family());
      }
    }
    assertEquals(third.done, journalDone);
  }

  @Test
  void tuneRunsTrialsAndContinuesWithTheBest() throws Exception {
    Path out = dir.resolve("out");
    Run run = new Run(dir, 2, tiny(Tune.class));
    assertEquals(ExitCode.OK, run.summary.exitCode(), run.summary.failures().toString());
    assertEquals(2, run.summary.counts().entrySet().stream().filter(e -> e.getKey() == TaskState.DONE)
        .mapToInt(e -> e.getValue()).sum() - 7, "two Train trials besides the 7 other tasks");
    JsonNode best = Json.read(out.resolve("tune/best/metrics.json"));
    double top = 0;
    for (JsonNode t : best.get("trials")) {
      top = Math.max(top, t.get("validation_auroc").asDouble());
    }
    assertEquals(top, best.get("validation_auroc").asDouble(), 0);
    assertTrue(Files.isRegularFile(out.resolve("tune/results/sv.json")));
    assertTrue(Files.isRegularFile(out.resolve("tune/export/model_repo/aframe/1/model.onnx")));
    try (var trials = Files.list(out.resolve("tune/trials"))) {
      assertEquals(2, trials.count());
    }

    // Sandbox afterwards reuses the data sets and trains its own model.
    Run sandbox = new Run(dir, 2, tiny(Sandbox.class));
    assertEquals(AFTER_A_NEW_MODEL, sandbox.done);
  }
}
