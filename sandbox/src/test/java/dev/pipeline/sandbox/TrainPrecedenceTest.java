package dev.pipeline.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.api.Task;
import dev.pipeline.api.error.ExitCode;
import dev.pipeline.api.error.UsageException;
import dev.pipeline.engine.config.ConfiguredParameters;
import dev.pipeline.engine.config.PipelineConfig;
import dev.pipeline.engine.event.RunSummary;
import dev.pipeline.engine.model.TaskFamily;
import dev.pipeline.engine.scheduler.RunOptions;
import dev.pipeline.engine.scheduler.Scheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * config.yaml ranks below the command line, the environment and the cfg, and is resolved before
 * Train has an id: the id, the log and metrics.json name what was trained (issue 12).
 */
class TrainPrecedenceTest {
  @TempDir Path dir;
  Path yaml;

  @BeforeEach
  void writeYaml() throws Exception {
    yaml = dir.resolve("config.yaml");
    Files.writeString(yaml, """
        model:
          learning_rate: 0.003
          filters: 8
        data:
          batch_size: 32
        trainer:
          max_epochs: 6
        """);
  }

  /** Family values as {@code --Family-param} gives them, on top of the tiny sizes. */
  private Map<String, Map<String, String>> values(Map<String, String> train) {
    Map<String, Map<String, String>> all = new HashMap<>(PipelineTest.TINY);
    Map<String, String> t = new HashMap<>(PipelineTest.TINY.get("Train"));
    t.remove("epochs"); // from the YAML unless the test sets it
    t.put("config", yaml.toString());
    t.putAll(train);
    all.put("Train", t);
    return all;
  }

  private <T extends Task> T create(Class<T> type, Map<String, Map<String, String>> values) {
    return type.cast(TaskFamily.of(type).instantiate(Map.of("out_dir", dir.resolve("out").toString()),
        new ConfiguredParameters(PipelineConfig.empty(), values)));
  }

  private RunSummary run(Task root, Map<String, Map<String, String>> values) {
    return new Scheduler(RunOptions.defaults(dir).withWorkers(2)).run(List.of(root));
  }

  @Test
  void theYamlFillsOnlyWhatNothingAboveItSet() {
    Train t = create(Train.class, values(Map.of("epochs", "2", "learning_rate", "0.01")));
    assertEquals(0.01, t.learningRate, "command line over YAML");
    assertEquals(2, t.epochs, "command line over YAML");
    assertEquals(8, t.filters, "YAML over code default (16)");
    assertEquals(32, t.batchSize, "YAML over code default (64)");
    String id = t.id().canonical();
    assertTrue(id.contains("learning_rate=0.01") && id.contains("epochs=2")
        && id.contains("filters=8") && id.contains("batch_size=32"), id);
  }

  @Test
  void withoutTheYaml_theCodeDefaultsStay() {
    Map<String, Map<String, String>> v = values(Map.of());
    v.get("Train").remove("config");
    Train t = create(Train.class, v);
    assertEquals(3e-3, t.learningRate);
    assertEquals(16, t.filters);
  }

  @Test
  void aYamlValueOfTheWrongKind_isAUsageErrorNamingFileAndKey() throws Exception {
    Files.writeString(yaml, "model:\n  learning_rate: fast\n");
    UsageException e = assertThrows(UsageException.class,
        () -> create(Train.class, values(Map.of())));
    assertTrue(e.getMessage().contains(yaml + ": model.learning_rate: expected a number"), e.getMessage());
  }

  /** {@code bash run.sh --Train-epochs 2 --Train-learning_rate 0.01} trains 2 epochs at 0.01. */
  @Test
  void theRunShStyleOverride_trainsWithTheRequestedValues() throws Exception {
    Map<String, Map<String, String>> v = values(Map.of("epochs", "2", "learning_rate", "0.01"));
    Train train = create(Train.class, v);
    RunSummary summary = run(train, v);
    assertEquals(ExitCode.OK, summary.exitCode(), summary.failures().toString());

    Path out = dir.resolve("out/train");
    JsonNode metrics = Json.read(out.resolve("metrics.json"));
    assertEquals(0.01, metrics.get("hyperparameters").get("learning_rate").asDouble());
    assertEquals(2, metrics.get("hyperparameters").get("epochs").asInt());
    assertEquals(8, metrics.get("hyperparameters").get("filters").asInt());
    assertEquals(2, metrics.get("epochs").size(), "two epochs trained");
    String copy = Files.readString(out.resolve("config.yaml"));
    assertTrue(copy.contains("learning_rate: 0.01") && copy.contains("max_epochs: 2"),
        "the copy a user trainer reads agrees:\n" + copy);
    Path log = RunOptions.defaults(dir).logFile(train.id());
    String text = Files.readString(log);
    assertTrue(text.contains("learning_rate=0.01") && text.contains("epochs=2"), text);
    assertFalse(text.contains("learning_rate=0.003"), text);
  }

  /** With [Train] config set, every Tune trial trains its own learning rate. */
  @Test
  void tuneTrialsWithASharedYaml_trainTheirOwnLearningRates() throws Exception {
    Map<String, Map<String, String>> v = values(Map.of("epochs", "1"));
    TuneSelect select = create(TuneSelect.class, v);
    RunSummary summary = run(select, v);
    assertEquals(ExitCode.OK, summary.exitCode(), summary.failures().toString());

    List<Path> trials;
    try (var list = Files.list(dir.resolve("out/tune/trials"))) {
      trials = list.sorted().toList();
    }
    assertEquals(2, trials.size());
    double[] rates = new double[2];
    for (int i = 0; i < 2; i++) {
      rates[i] = Json.read(trials.get(i).resolve("metrics.json"))
          .get("hyperparameters").get("learning_rate").asDouble();
      assertTrue(trials.get(i).getFileName().toString()
          .contains(String.format(java.util.Locale.ROOT, "lr%.2e", rates[i])), trials.get(i) + " vs " + rates[i]);
    }
    assertNotEquals(rates[0], rates[1], "the trials' learning rates reach the trainer");
    assertFalse(Arrays.equals(Files.readAllBytes(trials.get(0).resolve("model.bin")),
        Files.readAllBytes(trials.get(1).resolve("model.bin"))), "different models");
  }
}
