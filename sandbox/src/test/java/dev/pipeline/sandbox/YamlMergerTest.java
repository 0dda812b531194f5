package dev.pipeline.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlMergerTest {
  @TempDir Path tmp;

  private static final String TRAIN_YAML = String.join("\n",
      "seed_everything: 101588",
      "model:",
      "  class_path: train.model.SupervisedAframe",
      "  init_args:",
      "    kernel_length: 1.0",
      "    patience: null",
      "data:",
      "  ifos:",
      "  - H1",
      "  - L1",
      "  batch_size: 384",
      "trainer:",
      "  max_epochs: 200",
      "");

  private static Map<String, Object> values(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void setsNestedValuesKeepingOrderAndCreatingMaps() {
    String merged = YamlMerger.merge(TRAIN_YAML, values(
        "model.init_args.kernel_length", 1.5,
        "data.ifos", List.of("H1", "L1", "V1"),
        "data.data_dir", "/data/train",
        "trainer.logger.save_dir", "/runs/1",
        "model.init_args.patience.mode", "max",
        "new_top", true));
    assertEquals(String.join("\n",
        "seed_everything: 101588",
        "model:",
        "  class_path: train.model.SupervisedAframe",
        "  init_args:",
        "    kernel_length: 1.5",
        "    patience:",
        "      mode: max",
        "data:",
        "  ifos:",
        "    - H1",
        "    - L1",
        "    - V1",
        "  batch_size: 384",
        "  data_dir: /data/train",
        "trainer:",
        "  max_epochs: 200",
        "  logger:",
        "    save_dir: /runs/1",
        "new_top: true",
        ""), merged);
  }

  @Test
  void roundTripWithoutChangesKeepsTheContent() {
    String once = YamlMerger.merge(TRAIN_YAML, Map.of());
    assertEquals(once, YamlMerger.merge(once, Map.of()));
    assertEquals(List.of("seed_everything", "model", "data", "trainer"),
        List.copyOf(((Map<?, ?>) new org.yaml.snakeyaml.Yaml().load(once)).keySet()));
  }

  @Test
  void emptyInputStartsAFreshMapping() {
    assertEquals("a:\n  b: 1\n", YamlMerger.merge("", values("a.b", 1)));
  }

  @Test
  void settingThroughAScalarNamesTheKeyPath() {
    YamlConfigException e = assertThrows(YamlConfigException.class,
        () -> YamlMerger.merge("a: 3\n", values("a.b", 1)));
    assertEquals("a.b: cannot set: 'a' is a int (3), not a mapping; change 'a' into a mapping or set"
        + " a different key path", e.getMessage());
    YamlConfigException list = assertThrows(YamlConfigException.class,
        () -> YamlMerger.merge(TRAIN_YAML, values("data.ifos.first", "H1")));
    assertEquals("data.ifos.first: cannot set: 'data.ifos' is a list ([H1, L1]), not a mapping;"
        + " change 'data.ifos' into a mapping or set a different key path", list.getMessage());
  }

  @Test
  void malformedYamlReportsFileAndLine() throws IOException {
    Path in = tmp.resolve("bad.yaml");
    Files.writeString(in, "a: 1\nb:\n  c: [1, 2\nd: 4\n");
    YamlConfigException e = assertThrows(YamlConfigException.class,
        () -> YamlMerger.mergeFile(in, tmp.resolve("out.yaml"), values("a", 2)));
    assertEquals(in + ":4: malformed YAML: expected ',' or ']', but got :; fix the YAML syntax",
        e.getMessage());
  }

  @Test
  void duplicateKeysAreRejected() {
    YamlConfigException e = assertThrows(YamlConfigException.class,
        () -> YamlMerger.merge("a: 1\nb: 2\na: 3\n", Map.of()));
    assertEquals("line 3: malformed YAML: found duplicate key a; fix the YAML syntax", e.getMessage());
  }

  @Test
  void topLevelListIsRejected() {
    YamlConfigException e = assertThrows(YamlConfigException.class,
        () -> YamlMerger.merge("- 1\n- 2\n", values("a", 1)));
    assertEquals("top level is a list, not a mapping; key paths need a mapping at the top",
        e.getMessage());
  }

  @Test
  void mergeFileWritesTheResult() throws IOException {
    Path in = tmp.resolve("train.yaml");
    Path out = tmp.resolve("out/train.yaml");
    Files.writeString(in, TRAIN_YAML);
    Files.createDirectories(out.getParent());
    YamlMerger.mergeFile(in, out, values("trainer.max_epochs", 5));
    String written = Files.readString(out);
    assertEquals(YamlMerger.merge(TRAIN_YAML, values("trainer.max_epochs", 5)), written);
    assertEquals(TRAIN_YAML, Files.readString(in));
  }
}
