package dev.pipeline.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pipeline.api.error.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exact one-line messages of loading errors. */
class ConfigErrorsTest {
  @TempDir Path tmp;
  private Path invalid;

  @BeforeEach
  void copyFixtures() {
    Fixtures.copyTo(tmp);
    invalid = tmp.resolve("invalid");
  }

  private static String message(Path file, Map<String, String> env) {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, env));
    assertEquals(ExitCode.USAGE, e.exitCode());
    assertFalse(e.getMessage().contains("\n"), "one line");
    return e.getMessage();
  }

  @Test
  void missingMainFile() {
    Path file = tmp.resolve("nope.cfg");
    assertEquals(file + ": config file not found; pass an existing file to --config or PIPELINE_CONFIG",
        message(file, Map.of()));
  }

  @Test
  void missingInheritedFile() {
    assertEquals(invalid + "/missing_inherit.cfg:3: [core] inherit: file not found: " + invalid
            + "/bse.cfg; fix the path (relative paths are resolved against " + invalid + ")",
        message(invalid.resolve("missing_inherit.cfg"), Map.of()));
  }

  @Test
  void inheritCycle() {
    Path dir = invalid.resolve("cycle");
    assertEquals(dir + "/a.cfg:2: [core] inherit: inherit cycle a.cfg -> b.cfg -> a.cfg;"
            + " remove one of the inherit lines",
        message(dir.resolve("a.cfg"), Map.of()));
  }

  @Test
  void selfInheritIsACycle() throws IOException {
    Path self = tmp.resolve("self.cfg");
    Files.writeString(self, "[core]\ninherit = ./self.cfg\n");
    assertEquals(self + ":2: [core] inherit: inherit cycle self.cfg -> self.cfg;"
        + " remove one of the inherit lines", message(self, Map.of()));
  }

  @Test
  void extendCycle() throws IOException {
    Path a = tmp.resolve("a.cfg");
    Files.writeString(a, "[core]\nextend = sub/b.cfg\n");
    Files.createDirectories(tmp.resolve("sub"));
    Files.writeString(tmp.resolve("sub/b.cfg"), "[Train]\nx = 1\n[core]\nextend = ../a.cfg\n");
    assertEquals(a + ":2: [core] extend: extend cycle a.cfg -> sub/b.cfg -> a.cfg;"
        + " remove one of the extend lines", message(a, Map.of()));
  }

  @Test
  void unresolvedVariable() {
    assertEquals(invalid + "/unresolved_var.cfg:3: [Train] data_dir: unresolved variable"
            + " ${DATA_DIR}; export DATA_DIR or set the value here",
        message(invalid.resolve("unresolved_var.cfg"), Map.of()));
  }

  @Test
  void emptyVariableIsAnError() {
    assertEquals(invalid + "/unresolved_var.cfg:3: [Train] data_dir: variable ${DATA_DIR} is set"
            + " but empty; export DATA_DIR with a value or set the value here",
        message(invalid.resolve("unresolved_var.cfg"), Map.of("DATA_DIR", "")));
  }

  @Test
  void strayDollarAsksForBracesOrEscape() {
    assertEquals(invalid + "/stray_dollar.cfg:2: [Train] data_dir: stray '$' at character 1 of"
            + " '$HOME/data'; write ${NAME} for a variable or $$ for a literal '$'",
        message(invalid.resolve("stray_dollar.cfg"), Map.of("HOME", "/home/x")));
  }

  @Test
  void unresolvedReference() {
    assertEquals(invalid + "/unresolved_ref.cfg:5: [Train] ifos: unresolved reference"
            + " &::base::ifoz: no option 'ifoz' in [base]; did you mean 'ifos'?",
        message(invalid.resolve("unresolved_ref.cfg"), Map.of()));
  }

  @Test
  void referenceToMissingSection() throws IOException {
    Path f = tmp.resolve("ref.cfg");
    Files.writeString(f, "[Train]\nifos = &::nowhere::ifos\n");
    assertEquals(f + ":2: [Train] ifos: unresolved reference &::nowhere::ifos: no section"
        + " [nowhere]; define it or fix the reference", message(f, Map.of()));
  }

  @Test
  void referenceCycle() {
    assertEquals(invalid + "/ref_cycle.cfg:2: [a] x: reference cycle [a] x -> [b] y -> [b] z"
            + " -> [a] x; replace one of the references with a plain value",
        message(invalid.resolve("ref_cycle.cfg"), Map.of()));
  }

  @Test
  void malformedLine() {
    assertEquals(invalid + "/malformed.cfg:3: [Train]: malformed line 'this line has no operator';"
            + " expected [section], key = value, or a # comment",
        message(invalid.resolve("malformed.cfg"), Map.of()));
  }

  @Test
  void malformedSectionHeader() throws IOException {
    Path f = tmp.resolve("header.cfg");
    Files.writeString(f, "[core]\nx = 1\n\n[Train\nepochs = 1\n");
    assertEquals(f + ":4: section header [Train has no closing ]; write it as [Train]",
        message(f, Map.of()));
  }

  @Test
  void brokenFirstSectionHeader_isBlamedOnItsOwnLine() throws IOException {
    Path f = tmp.resolve("first.cfg");
    Files.writeString(f, "[Fan\nn = 3\n");
    assertEquals(f + ":1: section header [Fan has no closing ]; write it as [Fan]",
        message(f, Map.of()));
  }

  @Test
  void keyBeforeAnySection() {
    assertEquals(invalid + "/key_before_section.cfg:2: epochs: option before any [section] header;"
            + " add a section header such as [core] above it",
        message(invalid.resolve("key_before_section.cfg"), Map.of()));
  }
}
