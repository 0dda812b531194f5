package dev.pipeline.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSchemaTest {
  @TempDir Path tmp;
  private Path valid;
  private Path invalid;

  private final ConfigSchema schema = new ConfigSchema(
      families(), Set.of("core", "resources", "s3"), Set.of("command", "executor", "retries"));

  private static Map<String, List<ParameterSchema>> families() {
    Map<String, List<ParameterSchema>> f = new LinkedHashMap<>();
    f.put("Train", List.of(
        ParameterSchema.optional("learning_rate", "double", "0.01"),
        ParameterSchema.required("epochs", "int"),
        ParameterSchema.optional("batch_size", "int", "32"),
        ParameterSchema.optional("use_wandb", "boolean", "false"),
        ParameterSchema.optional("timeout", "duration", "1h"),
        ParameterSchema.optional("platform", "enum:<TENSORRT|ONNX>", "TENSORRT"),
        ParameterSchema.optional("ifos", "list", "H1, L1"),
        new ParameterSchema("data_dir", "path", true, null, "where the training data lives"),
        ParameterSchema.optional("sample_rate", "int", "2048"),
        ParameterSchema.optional("highpass", "double", null),
        ParameterSchema.optional("fduration", "double", null)));
    f.put("Export", List.of(
        ParameterSchema.optional("platform", "enum:TENSORRT|ONNX", "TENSORRT"),
        ParameterSchema.optional("sample_rate", "int", "2048"),
        ParameterSchema.optional("ifos", "list", null),
        ParameterSchema.optional("streams_per_gpu", "int", "1")));
    return f;
  }

  @BeforeEach
  void copyFixtures() {
    Fixtures.copyTo(tmp);
    valid = tmp.resolve("valid");
    invalid = tmp.resolve("invalid");
  }

  private static PipelineConfig load(Path file) {
    return ConfigLoader.load(file, Map.of());
  }

  private List<String> messages(PipelineConfig config) {
    return schema.validate(config).stream().map(Throwable::getMessage).toList();
  }

  private Path write(String name, String text) throws IOException {
    Path f = tmp.resolve(name);
    Files.writeString(f, text);
    return f;
  }

  @Test
  void validConfigHasNoProblems() {
    assertEquals(List.of(), messages(load(valid.resolve("schema_ok.cfg"))));
    schema.check(load(valid.resolve("schema_ok.cfg")));
  }

  @Test
  void unknownSectionSuggestsTheClosestFamily() {
    assertEquals(List.of(invalid + "/unknown_section.cfg:4: [Trian]: unknown section;"
        + " did you mean 'Train'?"), messages(load(invalid.resolve("unknown_section.cfg"))));
  }

  @Test
  void unknownSectionWithoutSuggestionListsWhatIsKnown() throws IOException {
    Path f = write("far.cfg", "[core]\nx = 1\n[Zebra]\ny = 2\n");
    assertEquals(List.of(f + ":3: [Zebra]: unknown section; expected a task family (Export, Train)"
        + " or one of core, resources, s3"), messages(load(f)));
  }

  @Test
  void caseMattersForFamiliesButIsSuggested() throws IOException {
    Path f = write("case.cfg", "[train]\nepochs = 1\n");
    assertEquals(List.of(f + ":1: [train]: unknown section; did you mean 'Train'?"), messages(load(f)));
  }

  @Test
  void unknownSectionFromTheEnvironmentNamesTheVariable() throws IOException {
    Path f = write("env.cfg", "[Train]\nepochs = 1\n");
    PipelineConfig c = ConfigLoader.load(f, Map.of("PIPELINE__ZZZ__A", "1"));
    assertEquals(List.of("PIPELINE__ZZZ__A: [ZZZ]: unknown section; expected a task family"
        + " (Export, Train) or one of core, resources, s3"), messages(c));
  }

  @Test
  void unknownKeySuggestsTheClosestParameter() {
    PipelineConfig c = load(invalid.resolve("unknown_key.cfg"));
    assertEquals(List.of(invalid + "/unknown_key.cfg:3: [Train] learning_rat: unknown key;"
        + " did you mean 'learning_rate'?"), messages(c));
    ConfigException first = assertThrows(ConfigException.class, () -> schema.check(c));
    assertEquals(messages(c).get(0), first.getMessage());
  }

  @Test
  void unknownKeyWithoutSuggestionListsKnownKeys() throws IOException {
    Path f = write("far_key.cfg", "[Export]\nzzzzzz = 1\nretries = 2\n");
    assertEquals(List.of(f + ":2: [Export] zzzzzz: unknown key; known keys: platform, sample_rate,"
        + " ifos, streams_per_gpu, command, executor, retries"), messages(load(f)));
  }

  @Test
  void wrongTypes() {
    String file = invalid + "/wrong_types.cfg";
    assertEquals(List.of(
        file + ":2: [Train] epochs: wrong type: expected int, got 'abc';"
            + " write a whole number such as 42",
        file + ":3: [Train] use_wandb: wrong type: expected boolean, got 'maybe';"
            + " write true, false, yes, no, on, off, 1 or 0",
        file + ":4: [Train] timeout: wrong type: expected duration, got '5x';"
            + " unknown unit 'x' (use d, h, m, s or ms, or ISO-8601 like PT5M)",
        file + ":5: [Train] platform: wrong type: expected enum, got 'TENSOR';"
            + " write one of TENSORRT, ONNX"),
        messages(load(invalid.resolve("wrong_types.cfg"))));
  }

  @Test
  void wrongTypeFromTheEnvironmentNamesTheVariable() {
    PipelineConfig c = ConfigLoader.load(valid.resolve("schema_ok.cfg"),
        Map.of("PIPELINE__TRAIN__EPOCHS", "ten"));
    assertEquals(List.of("PIPELINE__TRAIN__EPOCHS: [luigi_Train] epochs: wrong type: expected int,"
        + " got 'ten'; write a whole number such as 42"), messages(c));
  }

  @Test
  void missingRequiredParameterIsOnlyAnErrorWhenAsked() {
    Path file = invalid.resolve("unknown_key.cfg");
    PipelineConfig c = load(file);
    assertEquals(1, messages(c).size()); // only the unknown key; data_dir is not checked here
    ConfigException e = assertThrows(ConfigException.class,
        () -> schema.requireValue(c, "Train", "data_dir"));
    assertEquals(file + ": [Train] data_dir: missing required parameter; set it in the cfg or pass"
        + " --data_dir", e.getMessage());
    assertEquals("3", schema.requireValue(c, "Train", "epochs"));
    assertEquals("32", schema.requireValue(c, "Train", "batch_size")); // the default
    assertEquals(List.of(e.getMessage()),
        schema.missingRequired(c, "Train").stream().map(Throwable::getMessage).toList());
    assertTrue(schema.missingRequired(c, "Export").isEmpty());
  }

  @Test
  void missingRequiredParameterWithoutAnyConfigFile() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> schema.requireValue(PipelineConfig.empty(), "Train", "epochs"));
    assertEquals("[Train] epochs: missing required parameter; set it in the cfg or pass --epochs",
        e.getMessage());
  }

  @Test
  void sharedSectionsActAsDefaultsLeftToRightAndOwnKeysWin() {
    PipelineConfig c = load(valid.resolve("shared.cfg"));
    assertEquals(List.of(), messages(c));
    Map<String, ConfigValue> train = schema.effectiveSection(c, "Train");
    assertEquals("1024", train.get("sample_rate").value()); // [more] is right of [data]
    assertEquals("more", train.get("sample_rate").section());
    assertEquals("H1, L1, V1", train.get("ifos").value());
    assertEquals("16", train.get("highpass").value()); // own key beats both shared sections
    assertEquals("1", train.get("fduration").value());
    assertFalse(train.containsKey("streams_per_gpu")); // an Export parameter, not for Train
    assertFalse(train.containsKey("shared"));
    assertEquals("4096", schema.value(c, "Export", "sample_rate").orElseThrow());
    assertEquals("2", schema.value(c, "Export", "streams_per_gpu").orElseThrow());
    assertEquals("1024", schema.value(c, "Train", "sample_rate").orElseThrow());
    assertFalse(schema.effectiveSection(c, "Export").containsKey("highpass"));
    // the unfiltered view keeps every shared key
    assertEquals("2", c.effectiveSection("Train").get("streams_per_gpu").value());
    assertEquals(List.of("data", "more"), c.sharedSections("Train"));
  }

  @Test
  void sharedSectionKeysMustBelongToSomeSharingFamily() throws IOException {
    Path f = write("shared_bad.cfg", "[data]\nsample_rat = 1\nzzzzzz = 2\n[Train]\nshared = data\n");
    assertEquals(List.of(
        f + ":2: [data] sample_rat: unknown key; did you mean 'sample_rate'?",
        f + ":3: [data] zzzzzz: unknown key; none of the families sharing it (Train) has this"
            + " parameter"), messages(load(f)));
  }

  @Test
  void sharedValuesAreTypeCheckedOnce() throws IOException {
    Path f = write("shared_type.cfg",
        "[data]\nsample_rate = fast\n[Train]\nshared = data\n[Export]\nshared = data\n");
    assertEquals(List.of(f + ":2: [data] sample_rate: wrong type: expected int, got 'fast';"
        + " write a whole number such as 42"), messages(load(f)));
  }

  @Test
  void unknownSharedSection() throws IOException {
    Path f = write("shared_missing.cfg", "[Train]\nshared = luigi_dat\n[data]\nifos = H1\n");
    PipelineConfig c = load(f);
    assertEquals(List.of(
        f + ":2: [Train] shared: unknown shared section [luigi_dat]; did you mean 'data'?",
        f + ":3: [data]: unknown section; expected a task family (Export, Train) or one of core,"
            + " resources, s3"), messages(c));
    ConfigException e = assertThrows(ConfigException.class, () -> c.effectiveSection("Train"));
    assertEquals(messages(c).get(0), e.getMessage());
  }

  @Test
  void badSchemaDefinitionsAreProgrammingErrors() {
    assertThrows(IllegalArgumentException.class, () -> ParameterSchema.optional("x", "integer", null));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ParameterSchema.optional("x", "int", "ten"));
    assertEquals("default 'ten' of parameter x is not a int: write a whole number such as 42",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> schema.requireValue(PipelineConfig.empty(), "Nope", "x"));
  }
}
