package dev.pipeline.engine.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.SharedDefaults;
import dev.pipeline.api.Task;
import dev.pipeline.engine.model.TaskRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented precedence, end to end through a real cfg file, environment and command line:
 * command line > environment > cfg > shared file > code default.
 */
class PrecedenceTest {
  @TempDir Path tmp;

  /** Reads {@code name = value} lines from the file its {@code defaults} parameter names. */
  @Family("Layered")
  public static final class Layered extends Task implements SharedDefaults {
    @Param String cli = "code";
    @Param String env = "code";
    @Param String cfg = "code";
    @Param String file = "code";
    @Param String code = "code";
    @Param Path defaults;

    @Override
    public Map<String, String> sharedDefaults(Set<String> unset) {
      Map<String, String> out = new LinkedHashMap<>();
      try {
        for (String line : Files.readAllLines(defaults)) {
          String[] kv = line.split("=", 2);
          out.put(kv[0].strip(), kv[1].strip());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out;
    }
  }

  @Test
  void commandLine_environment_cfg_sharedFile_codeDefault() throws IOException {
    Path shared = Files.writeString(tmp.resolve("shared.txt"), "cli = file\nenv = file\ncfg = file\nfile = file\n");
    Path cfg = Files.writeString(tmp.resolve("p.cfg"),
        "[Layered]\ncli = cfg\nenv = cfg\ncfg = cfg\ndefaults = " + shared + "\n");
    RunSetup setup = RunSetup.prepare(new TaskRegistry().register(Layered.class), "Layered",
        List.of("--cli", "command-line"), cfg,
        Map.of("PIPELINE__LAYERED__CLI", "environment", "PIPELINE__LAYERED__ENV", "environment"));

    Layered t = (Layered) setup.root();
    assertEquals("command-line", t.cli);
    assertEquals("environment", t.env);
    assertEquals("cfg", t.cfg);
    assertEquals("file", t.file);
    assertEquals("code", t.code);
    String id = t.id().canonical();
    assertTrue(id.contains("file=file"), "resolved before the id is made: " + id);
  }
}
