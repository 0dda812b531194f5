package dev.pipeline.engine.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.api.error.PipelineException;
import dev.pipeline.api.Param;
import dev.pipeline.api.Task;
import dev.pipeline.engine.model.TaskRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSetupTest {
  @TempDir Path dir;

  /** A family with one required parameter. */
  public static class Wants extends Task {
    @Param(required = true) Path out;
    @Param int n = 1;
    @Param(name = "Tb") double tb = 1;
  }

  private final TaskRegistry registry = new TaskRegistry().register(Wants.class);

  @Test
  void missingRequiredParameter_withACfg_namesTheFileTheSectionAndTheKey() throws Exception {
    Path cfg = Files.writeString(dir.resolve("run.cfg"), "[Wants]\nn = 3\n");
    PipelineException e = assertThrows(PipelineException.class,
        () -> RunSetup.prepare(registry, "Wants", List.of(), cfg, Map.of()));
    assertEquals(cfg + ": [Wants] out: missing required parameter; set it in [Wants] (or a"
        + " section it shares) or pass --out", e.getMessage());
    assertEquals(ExitCode.USAGE, e.exitCode());
  }

  @Test
  void missingRequiredParameter_withoutACfg_namesTheOption() {
    PipelineException e = assertThrows(PipelineException.class,
        () -> RunSetup.prepare(registry, "Wants", List.of(), null, Map.of()));
    assertEquals("Wants: missing required parameter --out (path)", e.getMessage());
  }

  @Test
  void precedence_commandLineOverEnvironmentOverCfgOverCode() throws Exception {
    Path cfg = Files.writeString(dir.resolve("run.cfg"), "[Wants]\nout = /cfg\nn = 3\n");
    Wants fromCfg = (Wants) RunSetup.prepare(registry, "Wants", List.of(), cfg, Map.of()).root();
    assertEquals(Path.of("/cfg"), fromCfg.out);
    assertEquals(3, fromCfg.n);
    Wants fromEnv = (Wants) RunSetup.prepare(registry, "Wants", List.of(), cfg,
        Map.of("PIPELINE__WANTS__N", "4")).root();
    assertEquals(4, fromEnv.n);
    Wants fromCli = (Wants) RunSetup.prepare(registry, "Wants", List.of("--n", "5"), cfg,
        Map.of("PIPELINE__WANTS__N", "4")).root();
    assertEquals(5, fromCli.n);
    Wants fromCode = (Wants) RunSetup.prepare(registry, "Wants", List.of("--out", "/x"), null,
        Map.of()).root();
    assertEquals(1, fromCode.n);
  }

  @Test
  void environmentVariable_inUpperCase_configuresAMixedCaseParameterTheCfgDoesNotMention()
      throws Exception {
    Map<String, String> env = Map.of("PIPELINE__WANTS__TB", "7.5");
    Path cfg = Files.writeString(dir.resolve("run.cfg"), "[Wants]\nout = /cfg\n");
    assertEquals(7.5, ((Wants) RunSetup.prepare(registry, "Wants", List.of(), cfg, env).root()).tb);
    assertEquals(7.5, ((Wants) RunSetup.prepare(registry, "Wants", List.of("--out", "/x"), null,
        env).root()).tb);
  }
}
