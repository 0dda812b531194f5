package dev.pipeline.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path tmp;
  private Path valid;

  @BeforeEach
  void copyFixtures() {
    Fixtures.copyTo(tmp);
    valid = tmp.resolve("valid");
  }

  private PipelineConfig sandbox(Map<String, String> env) {
    return ConfigLoader.load(valid.resolve("sandbox.cfg"), env);
  }

  @Test
  void precedenceIsEnvironmentThenIncludingFileThenInheritedFile() {
    PipelineConfig files = sandbox(Map.of("DATA_DIR", "/d"));
    assertEquals("20", files.value("Train", "epochs").orElseThrow()); // sandbox over base
    assertEquals("32", files.value("Train", "batch_size").orElseThrow()); // only in base
    ConfigValue epochs = files.get("Train", "epochs").orElseThrow();
    assertEquals(valid.resolve("sandbox.cfg"), epochs.file());
    assertEquals(5, epochs.line());
    assertEquals(valid.resolve("base.cfg"), files.get("Train", "batch_size").orElseThrow().file());
    assertEquals(13, files.get("Train", "batch_size").orElseThrow().line());

    PipelineConfig env = sandbox(Map.of("DATA_DIR", "/d", "PIPELINE__TRAIN__EPOCHS", "30"));
    ConfigValue fromEnv = env.get("Train", "epochs").orElseThrow();
    assertEquals("30", fromEnv.value());
    assertNull(fromEnv.file());
    assertEquals(0, fromEnv.line());
    assertEquals("PIPELINE__TRAIN__EPOCHS", fromEnv.where());
    assertEquals("environment variable PIPELINE__TRAIN__EPOCHS", fromEnv.source());
    assertEquals("epochs", fromEnv.key());
  }

  @Test
  void environmentMatchesCaseInsensitivelyAndAddsUnknownOptionsAndSections() {
    PipelineConfig c = sandbox(Map.of("DATA_DIR", "/d",
        "PIPELINE__train__Learning-Rate", "0.5",
        "PIPELINE__Train__NEW_OPTION", "x",
        "PIPELINE__Export__Platform", "ONNX",
        "PIPELINE_CONFIG", "/ignored.cfg",
        "PIPELINE__malformed", "ignored",
        "PIPELINE__Train__secret", "pa$word${X}&::y"));
    // environment values are literal: the shell already expanded them
    assertEquals("pa$word${X}&::y", c.value("Train", "secret").orElseThrow());
    ConfigValue lr = c.get("Train", "learning_rate").orElseThrow();
    assertEquals("0.5", lr.value());
    assertEquals("learning_rate", lr.key()); // the file's spelling, for messages
    assertEquals("Train", lr.section()); // the highest-precedence header spelling
    assertEquals("x", c.value("Train", "new_option").orElseThrow());
    assertEquals("new_option", c.get("Train", "new_option").orElseThrow().key());
    assertEquals("ONNX", c.value("Export", "platform").orElseThrow());
    assertEquals("Export", c.sectionInfo("Export").orElseThrow().name());
    assertEquals(List.of("core", "base", "Train", "Export"), List.copyOf(c.sections()));
  }

  @Test
  void environmentOverrideIsSeenByReferences() {
    PipelineConfig c = sandbox(Map.of("DATA_DIR", "/d", "PIPELINE__BASE__IFOS", "K1"));
    assertEquals("K1", c.value("Train", "ifos").orElseThrow());
  }

  @Test
  void luigiPrefixAndDashesNameTheSameSectionAndOption() {
    PipelineConfig c = sandbox(Map.of("DATA_DIR", "/d"));
    assertEquals("0.001", c.value("luigi_Train", "learning-rate").orElseThrow());
    assertEquals("0.001", c.value("Train", "learning_rate").orElseThrow());
    ConfigValue rate = c.get("Train", "sample_rate").orElseThrow();
    assertEquals("sample-rate", rate.key());
    assertEquals("Train", rate.section());
    assertEquals("luigi_Train", c.get("Train", "learning_rate").orElseThrow().section());
    assertTrue(c.sections().contains("base"));
    assertFalse(c.sections().contains("luigi_base"));
    assertEquals(c.section("Train"), c.section("luigi_Train"));
    // the header spelling of the highest-precedence file is the one messages quote
    assertEquals("Train", c.sectionInfo("luigi_Train").orElseThrow().name());
  }

  @Test
  void interpolatesReferencesAndEscapes() {
    PipelineConfig c = sandbox(Map.of("DATA_DIR", "/data"));
    ConfigValue dataDir = c.get("Train", "data_dir").orElseThrow();
    assertEquals("${DATA_DIR}/train", dataDir.raw());
    assertEquals("/data/train", dataDir.value());
    assertEquals("H1, L1", c.value("Train", "ifos").orElseThrow());
    assertEquals("&::luigi_base::ifos", c.get("Train", "ifos").orElseThrow().raw());
    assertEquals("2048", c.value("Train", "sample_rate").orElseThrow());
    assertEquals("1.5", c.value("Train", "kernel_length").orElseThrow()); // a two-step chain
    assertEquals("1h30m", c.value("Train", "timeout").orElseThrow()); // "key: value" syntax
    assertEquals("5$ per GPU hour", c.value("Train", "price").orElseThrow());
    assertEquals("C:\\data\\$x", c.value("Train", "pattern").orElseThrow());
    // run_dir in base.cfg uses an unset variable, but sandbox.cfg overrides it: no error
    assertEquals("/runs/sandbox", c.value("Train", "run_dir").orElseThrow());
  }

  @Test
  void inheritIsRelativeToTheIncludingFile() {
    PipelineConfig c = ConfigLoader.load(valid.resolve("nested/main.cfg"), Map.of());
    assertEquals("3", c.value("Train", "epochs").orElseThrow());
    assertEquals("64", c.value("Train", "batch_size").orElseThrow());
    assertEquals("0.1", c.value("Train", "learning_rate").orElseThrow());
    assertEquals(valid.resolve("nested/shared/root.cfg"),
        c.get("Train", "learning_rate").orElseThrow().file());
    assertEquals(valid.resolve("nested/main.cfg"), c.file());
  }

  @Test
  void extendOverridesTheMainFileAndInheritListsApplyLeftToRight() {
    PipelineConfig c = ConfigLoader.load(valid.resolve("extend/main.cfg"), Map.of());
    assertEquals("128", c.value("Train", "batch_size").orElseThrow()); // extend over main
    assertEquals("5", c.value("Train", "epochs").orElseThrow()); // main over inherit
    assertEquals("0.25", c.value("Train", "learning_rate").orElseThrow()); // second over first
    assertEquals("sgd", c.value("Train", "optimizer").orElseThrow());
    assertEquals("first.cfg\nsecond.cfg", c.value("core", "inherit").orElseThrow());
  }

  @Test
  void inheritPathMayUseVariables() throws IOException {
    Path main = tmp.resolve("vars.cfg");
    Files.writeString(main, "[core]\ninherit = ${CFG_HOME}/base.cfg\n[Train]\nepochs = 7\nrun_dir = /r\n");
    PipelineConfig c = ConfigLoader.load(main, Map.of("CFG_HOME", valid.toString(), "DATA_DIR", "/d"));
    assertEquals("7", c.value("Train", "epochs").orElseThrow());
    assertEquals("32", c.value("Train", "batch_size").orElseThrow());
  }

  @Test
  void continuationLinesAndDuplicatesAndEmptyValues() throws IOException {
    Path f = tmp.resolve("multi.cfg");
    Files.writeString(f, String.join("\n",
        "[Train]",
        "  epochs = 1", // indented keys stay keys
        "  batch_size = 2",
        "mass_combos =",
        "    [35, 35]",
        "    # a comment inside the value",
        "    [20, 10]",
        "empty =",
        "epochs = 9",
        "[Train]",
        "learning-rate = 1",
        "learning_rate = 2",
        "dir = C:\\data\\",
        "url = http://host:80/x",
        "x_y = 1",
        "x-y = 2",
        "x_y = 3"));
    PipelineConfig c = ConfigLoader.load(f, Map.of());
    assertEquals("[35, 35]\n[20, 10]", c.value("Train", "mass_combos").orElseThrow());
    assertEquals(4, c.get("Train", "mass_combos").orElseThrow().line());
    assertEquals("", c.value("Train", "empty").orElseThrow());
    assertEquals("2", c.value("Train", "batch_size").orElseThrow());
    ConfigValue epochs = c.get("Train", "epochs").orElseThrow();
    assertEquals("9", epochs.value());
    assertEquals(9, epochs.line());
    ConfigValue lr = c.get("Train", "learning_rate").orElseThrow();
    assertEquals("2", lr.value());
    assertEquals(12, lr.line());
    assertEquals("C:\\data\\", c.value("Train", "dir").orElseThrow());
    assertEquals("http://host:80/x", c.value("Train", "url").orElseThrow());
    assertEquals(1, c.sectionInfo("Train").orElseThrow().line());
    // the last line wins even when an earlier line repeats the key with the other spelling
    assertEquals("3", c.value("Train", "x-y").orElseThrow());
    assertEquals(17, c.get("Train", "x_y").orElseThrow().line());
  }

  @Test
  void sharedIncludeIsNotACycle() throws IOException {
    Files.writeString(tmp.resolve("root.cfg"), "[Train]\nepochs = 1\nbatch_size = 1\n");
    Files.writeString(tmp.resolve("left.cfg"), "[core]\ninherit = root.cfg\n[Train]\nepochs = 2\n");
    Files.writeString(tmp.resolve("right.cfg"), "[core]\ninherit = root.cfg\n");
    Path top = tmp.resolve("top.cfg");
    Files.writeString(top, "[core]\ninherit = left.cfg, right.cfg\n");
    // right.cfg re-reads root.cfg after left.cfg, so root's epochs wins again: inherit is a plain
    // "read these first, in order", exactly as in law.
    PipelineConfig c = ConfigLoader.load(top, Map.of());
    assertEquals("1", c.value("Train", "epochs").orElseThrow());
    assertEquals(tmp.resolve("root.cfg"), c.get("Train", "epochs").orElseThrow().file());
  }

  @Test
  void backslashEscapedOperatorStaysInTheKeyAsIni4jReadsIt() throws IOException {
    Path f = tmp.resolve("esc.cfg");
    Files.writeString(f, "[ spaced ]\nurl\\:port = 1\nk = v\\=w\n");
    PipelineConfig c = ConfigLoader.load(f, Map.of());
    assertEquals("1", c.value("spaced", "url\\:port").orElseThrow());
    assertEquals(2, c.get("spaced", "url\\:port").orElseThrow().line());
    assertEquals("v\\=w", c.value("spaced", "k").orElseThrow());
  }

  @Test
  void emptyConfig() {
    PipelineConfig empty = PipelineConfig.empty();
    assertNull(empty.file());
    assertTrue(empty.sections().isEmpty());
    assertTrue(empty.get("Train", "epochs").isEmpty());
    assertTrue(empty.section("Train").isEmpty());
    assertTrue(empty.effectiveSection("Train").isEmpty());
  }
}
