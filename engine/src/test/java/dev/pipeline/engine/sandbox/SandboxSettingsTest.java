package dev.pipeline.engine.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pipeline.engine.config.ConfigException;
import dev.pipeline.engine.config.ConfigValue;
import dev.pipeline.engine.config.SandboxSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code sandbox} and its options: the family over {@code [core]}, and one-line errors. */
class SandboxSettingsTest {
  private static ConfigValue v(String section, String key, String text) {
    return new ConfigValue(section, key, text, text, Path.of("run.cfg"), 7);
  }

  @Test
  void familyKeysWinOverCore() {
    SandboxSettings s = SandboxSettings.of(
        Map.of("sandbox_env", v("Train", "sandbox_env", "HF_HOME")),
        Map.of("sandbox", v("core", "sandbox", "podman::img:1"),
            "sandbox_env", v("core", "sandbox_env", "OTHER")));

    assertEquals("podman", s.kind());
    assertEquals("img:1", s.target());
    assertEquals(List.of("HF_HOME"), s.env());
  }

  @Test
  void noneInTheFamilyOptsOutOfTheCoreSandbox() {
    SandboxSettings s = SandboxSettings.of(Map.of("sandbox", v("Export", "sandbox", "none")),
        Map.of("sandbox", v("core", "sandbox", "podman::img:1")));

    assertEquals(SandboxSettings.NONE, s);
  }

  @Test
  void unknownKind_namesFileKeyAndTheClosestKind() {
    ConfigException e = assertThrows(ConfigException.class, () -> SandboxSettings.of(
        Map.of("sandbox", v("Train", "sandbox", "dockr::img")), Map.of()));

    assertEquals("run.cfg:7: [Train] sandbox: unknown sandbox kind 'dockr'; did you mean"
        + " 'docker'? write venv::PATH, conda::NAME_OR_PATH, apptainer::IMAGE,"
        + " singularity::IMAGE, docker::IMAGE, podman::IMAGE or none", e.getMessage());
  }

  @Test
  void missingTarget_isAnError() {
    ConfigException e = assertThrows(ConfigException.class, () -> SandboxSettings.of(
        Map.of("sandbox", v("Train", "sandbox", "podman")), Map.of()));

    assertEquals("run.cfg:7: [Train] sandbox: expected KIND::TARGET, got 'podman'; write"
        + " venv::PATH, conda::NAME_OR_PATH, apptainer::IMAGE, singularity::IMAGE,"
        + " docker::IMAGE, podman::IMAGE or none", e.getMessage());
  }

  @Test
  void relativeMount_isAnError() {
    ConfigException e = assertThrows(ConfigException.class, () -> SandboxSettings.of(
        Map.of("sandbox", v("Train", "sandbox", "podman::img"),
            "sandbox_mounts", v("Train", "sandbox_mounts", "/data, scratch")), Map.of()));

    assertEquals("run.cfg:7: [Train] sandbox_mounts: 'scratch' is not a mount; write absolute"
        + " paths SRC, SRC:DST or SRC:DST:ro separated by commas", e.getMessage());
  }

  @Test
  void badGpuFlags_isAnError() {
    ConfigException e = assertThrows(ConfigException.class, () -> SandboxSettings.of(
        Map.of("sandbox", v("Train", "sandbox", "podman::img"),
            "sandbox_gpus", v("Train", "sandbox_gpus", "all")), Map.of()));

    assertEquals("run.cfg:7: [Train] sandbox_gpus: expected one of auto, cdi, gpus, nv, none,"
        + " got 'all'; auto takes --nv for apptainer, --gpus for docker and CDI devices for"
        + " podman", e.getMessage());
  }

  @Test
  void gpuFlagsOfAnotherKind_isAnError() {
    SandboxSettings s = SandboxSettings.of(Map.of("sandbox", v("Train", "sandbox", "podman::img"),
        "sandbox_gpus", v("Train", "sandbox_gpus", "nv")), Map.of());

    ConfigException e = assertThrows(ConfigException.class,
        () -> Sandboxes.of(s, Path.of("/run"), new HostUser(1, 1)));
    assertEquals("run.cfg:7: [Train] sandbox_gpus: 'nv' does not apply to podman; write one of"
        + " auto, gpus, cdi, none", e.getMessage());
  }

  @Test
  void badVariableName_isAnError() {
    ConfigException e = assertThrows(ConfigException.class, () -> SandboxSettings.of(
        Map.of("sandbox", v("Train", "sandbox", "docker::img"),
            "sandbox_env", v("Train", "sandbox_env", "A B")), Map.of()));

    assertEquals("run.cfg:7: [Train] sandbox_env: 'A B' is not a variable name; separate names"
        + " with commas", e.getMessage());
  }
}
