package dev.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The settings issue 12 found accepted and then ignored (or misreported), through the real
 * command line: each is now one line naming the cfg line, exit 2, and nothing runs.
 */
class BuiltinSettingsCliTest {
  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "core|wrkers = 3|[core] wrkers: unknown key; did you mean 'workers'?",
      "core|executr = slurm|[core] executr: unknown key; did you mean 'executor'?",
      "slurm|partiton = gpu|[slurm] partiton: unknown key; did you mean 'partition'?",
      "kubernetes|imgae = x|[kubernetes] imgae: unknown key; did you mean 'image'?",
      "kubernetes|gpus = two|[kubernetes] gpus: wrong type: expected int, got 'two'; write a whole"
          + " number such as 42",
      "core|workers = -3|[core] workers: out of range: expected at least 1, got '-3'",
      "kubernetes|keep_jobs = maybe|[kubernetes] keep_jobs: wrong type: expected boolean, got"
          + " 'maybe'; write true, false, yes, no, on, off, 1 or 0"})
  void aSettingThatCannotTakeEffectIsRefusedBeforeAnythingRuns(String section, String line,
      String message) throws Exception {
    Path cfg = Files.writeString(dir.resolve("run.cfg"), "[" + section + "]\n" + line + "\n");
    Path out = dir.resolve("out");
    Cli r = Cli.run("run", "TestFan", "--key", "k", "--n", "2", "--out", out.toString(),
        "--run-dir", dir.toString(), "--config", cfg.toString());
    assertEquals(2, r.code(), r.toString());
    assertEquals(List.of("error: " + cfg + ":2: " + message), r.err().lines().toList());
    assertFalse(Files.exists(out), "nothing ran");
  }
}
