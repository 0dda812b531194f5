package dev.pipeline.engine.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pipeline.api.Command;
import dev.pipeline.engine.config.ConfigValue;
import dev.pipeline.engine.config.SandboxSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The exact command lines each sandbox kind generates, against golden files in
 * {@code src/test/resources/sandbox/}: one argument per line, so a diff shows the word that
 * changed. The stand-in tests (module tasks) and the live podman/apptainer tests run them.
 */
class SandboxCommandLinesTest {
  private static final Path RUN = Path.of("/runs/r1");
  private static final HostUser USER = new HostUser(1000, 1000);

  @ParameterizedTest(name = "{0} gpus={1}")
  @CsvSource({
      "podman::localhost/tiny:1, '', podman",
      "podman::localhost/tiny:1, '1,3', podman-gpus",
      "docker::registry.example/ml:2.1, '1,3', docker-gpus",
      "apptainer::images/ml.sif, '', apptainer",
      "apptainer::images/ml.sif, '1,3', apptainer-gpus",
      "singularity::docker://python:3.11, '', singularity",
      "conda::ml, '', conda-name",
      "conda::envs/ml, '', conda-prefix"})
  void commandLineMatchesGoldenFile(String sandbox, String gpus, String golden)
      throws IOException {
    Map<String, ConfigValue> family = new HashMap<>();
    family.put("sandbox", value("sandbox", sandbox));
    family.put("sandbox_mounts", value("sandbox_mounts", "/data:/data:ro"));
    family.put("sandbox_env", value("sandbox_env", "HF_HOME"));
    SandboxSettings settings = SandboxSettings.of(family, Map.of());
    Sandbox box = Sandboxes.of(settings, RUN, USER);
    Command command = new Command(List.of("python", "-m", "train", "--out",
        "/runs/r1/out/.model.tmp-1-1.d/model.pt"), Path.of("/src/classifier"),
        Map.of("PIPELINE_TASK_ID", "Train(lr=0.1)"), Duration.ofHours(2));
    SandboxCall call = new SandboxCall(gpus.isEmpty() ? List.of() : List.of(gpus.split(",")),
        List.of(RUN, Path.of("/src/classifier")), Set.of("CUDA_VISIBLE_DEVICES", "RUN_ROOT"));

    Command wrapped = box.wrap(command, call);

    assertEquals(golden(golden), String.join("\n", wrapped.argv()) + "\n");
    assertEquals(command.workDir(), wrapped.workDir());
    assertEquals(command.timeout(), wrapped.timeout());
  }

  private static ConfigValue value(String key, String text) {
    return new ConfigValue("Train", key, text, text, Path.of("run.cfg"), 3);
  }

  private static String golden(String name) throws IOException {
    try (InputStream in = SandboxCommandLinesTest.class.getResourceAsStream(
        "/sandbox/" + name + ".argv")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
