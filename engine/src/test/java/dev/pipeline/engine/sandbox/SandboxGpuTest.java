package dev.pipeline.engine.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.engine.event.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The GPU ids the scheduler gives an attempt become the sandbox's GPU flags (through the
 * stand-in, which reports the flags it was given): CDI devices for podman, --gpus for docker,
 * --nv for apptainer; inside a docker/podman container the GPUs are numbered from 0, while
 * apptainer keeps the host's numbering.
 */
class SandboxGpuTest {
  @TempDir Path tmp;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "podman|nvidia.com/gpu=3 nvidia.com/gpu=5|0,1",
      "docker|\"device=3,5\"|0,1",
      "apptainer|nv|3,5"})
  void allocatedGpusBecomeTheKindsFlags(String kind, String flags, String visible)
      throws Exception {
    Path out = Files.createDirectories(tmp.resolve("out")).resolve("gpus.txt");
    String cfg = "[Probe]\ncommand = sh -c 'printf \"%s|%s\" \"$$SANDBOX_GPUS\""
        + " \"$$CUDA_VISIBLE_DEVICES\" > \"$$1\"' _ {output}\nsandbox = " + kind + "::img\n"
        + "sandbox_program = " + SandboxRuns.standin(tmp, kind) + "\n";
    RunSummary summary = SandboxRuns.run(tmp, cfg, SandboxRuns.options(
        Files.createDirectories(tmp.resolve("run")), Map.of()).withGpus(List.of("3", "5")),
        out, 2);

    assertEquals(ExitCode.OK, summary.exitCode(), summary.failures().toString());
    assertEquals(flags + "|" + visible, Files.readString(out));
  }
}
