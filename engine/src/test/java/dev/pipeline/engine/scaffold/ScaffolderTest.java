package dev.pipeline.engine.scaffold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.engine.config.ConfigLoader;
import dev.pipeline.engine.config.ConfigValue;
import dev.pipeline.engine.config.PipelineConfig;
import dev.pipeline.api.error.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScaffolderTest {
  @TempDir Path tmp;

  /** What run.sh exports for a run directory at /runs/a. */
  private static final Map<String, String> RUN_SH_ENVIRONMENT = Map.of(
      "PIPELINE_RUN_DIR", "/runs/a",
      "PIPELINE_TRAIN_DATA_DIR", "s3://bucket/a/data/train",
      "PIPELINE_TEST_DATA_DIR", "/runs/a/data/test",
      "PIPELINE_TRAIN_DIR", "s3://bucket/a/training",
      "PIPELINE_CONDOR_DIR", "/runs/a/condor",
      "PIPELINE_RESULTS_DIR", "/runs/a/results",
      "PIPELINE_TMPDIR", "/runs/a/tmp");

  private Scaffolder.Result write(RunKind kind, Path dir, boolean force) {
    return Scaffolder.write(new Scaffolder.Request(kind, dir, Optional.empty(), force,
        Path.of("/opt/pipeline")));
  }

  @Test
  void write_createsTheDirectoryWithAnExecutableRunScript() throws IOException {
    Scaffolder.Result result = write(RunKind.SANDBOX, tmp.resolve("a/b"), false);
    assertEquals(tmp.resolve("a/b"), result.directory());
    assertEquals(List.of("base.cfg", "sandbox.cfg", "config.yaml", "run.env", "run.sh"),
        result.files());
    assertEquals("rwxr-xr-x", PosixFilePermissions.toString(
        Files.getPosixFilePermissions(tmp.resolve("a/b/run.sh"))));
    try (var files = Files.list(tmp.resolve("a/b"))) {
      assertEquals(5, files.count()); // no temporary files left behind
    }
  }

  @Test
  void write_refusesADirectoryThatIsNotEmpty() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("run"));
    Files.writeString(dir.resolve("notes.txt"), "mine");
    UsageException e = assertThrows(UsageException.class, () -> write(RunKind.TUNE, dir, false));
    assertEquals(dir + " already exists and is not empty; pass --force to overwrite the files init"
        + " writes there", e.getMessage());
    assertEquals(List.of(dir.resolve("notes.txt")), Files.list(dir).toList());
  }

  @Test
  void write_forceReplacesOnlyItsOwnFiles() throws IOException {
    Path dir = tmp.resolve("run");
    write(RunKind.SANDBOX, dir, false);
    Files.writeString(dir.resolve("run.sh"), "edited");
    Files.writeString(dir.resolve("run.log"), "an earlier run");
    Files.createDirectories(dir.resolve("results"));
    write(RunKind.SANDBOX, dir, true);
    assertTrue(Files.readString(dir.resolve("run.sh")).startsWith("#!/usr/bin/env bash"));
    assertEquals("an earlier run", Files.readString(dir.resolve("run.log")));
    assertTrue(Files.isDirectory(dir.resolve("results")));
  }

  @Test
  void write_emptyExistingDirectoryNeedsNoForce() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("empty"));
    write(RunKind.TUNE, dir, false);
    assertTrue(Files.exists(dir.resolve("tune.cfg")));
  }

  @Test
  void write_refusesAFile() throws IOException {
    Path file = Files.writeString(tmp.resolve("file"), "x");
    UsageException e = assertThrows(UsageException.class, () -> write(RunKind.TUNE, file, true));
    assertEquals(file + " exists and is not a directory", e.getMessage());
  }

  @Test
  void sandboxCfg_inheritsBaseAndReadsTheRunDirectoryVariables() {
    Path dir = tmp.resolve("run");
    write(RunKind.SANDBOX, dir, false);
    PipelineConfig c = ConfigLoader.load(dir.resolve("sandbox.cfg"), RUN_SH_ENVIRONMENT);
    assertEquals("5", c.value("core", "workers").orElseThrow());
    assertEquals("/runs/a/config.yaml", c.value("Train", "config").orElseThrow());
    Map<String, ConfigValue> train = c.effectiveSection("Train");
    assertEquals("1.0", train.get("kernel_length").value()); // from [data] in base.cfg
    assertEquals(dir.resolve("base.cfg"), train.get("kernel_length").file());
    assertEquals("/runs/a/data", train.get("data_dir").value());
    for (String family : List.of("Train", "TrainConfig", "Export", "Infer", "SensitiveVolume",
        "Sandbox", "GenerateTrainData", "GenerateTestData")) {
      assertEquals(List.of("data"), c.sharedSections(family), family);
    }
  }

  @Test
  void aBucket_putsTrainsRunDirOnS3_andAddsTheS3AndKubernetesSections() {
    Path dir = tmp.resolve("run");
    Scaffolder.Result r = Scaffolder.write(new Scaffolder.Request(RunKind.SANDBOX, dir,
        Optional.of(S3Location.parse("s3://bucket/a")), false, Path.of("/opt/pipeline")));
    PipelineConfig c = ConfigLoader.load(dir.resolve("sandbox.cfg"), RUN_SH_ENVIRONMENT);
    assertEquals("s3://bucket/a/training", c.value("Train", "run_dir").orElseThrow());
    assertEquals("pipeline:latest", c.value("kubernetes", "image").orElseThrow());
    assertEquals("default", c.value("kubernetes", "namespace").orElseThrow());
    assertTrue(c.sections().contains("s3"), c.sections().toString());
    assertEquals(1, r.notes().size());
  }

  @Test
  void noBucket_leavesTrainLocal() {
    Path dir = tmp.resolve("run");
    write(RunKind.SANDBOX, dir, false);
    PipelineConfig c = ConfigLoader.load(dir.resolve("sandbox.cfg"), RUN_SH_ENVIRONMENT);
    assertTrue(c.value("Train", "run_dir").isEmpty());
    assertTrue(c.section("kubernetes").isEmpty());
  }

  @Test
  void tuneWithABucket_keepsTrainingLocal() throws IOException {
    Path dir = tmp.resolve("run");
    Scaffolder.Result r = Scaffolder.write(new Scaffolder.Request(RunKind.TUNE, dir,
        Optional.of(S3Location.parse("s3://bucket/a")), false, Path.of("/opt/pipeline")));
    assertTrue(!Files.readString(dir.resolve("tune.cfg")).contains("[kubernetes]"));
    assertTrue(r.notes().get(0).contains("trains locally"), r.notes().toString());
  }

  @Test
  void tuneCfg_inheritsBase() {
    Path dir = tmp.resolve("run");
    write(RunKind.TUNE, dir, false);
    PipelineConfig c = ConfigLoader.load(dir.resolve("tune.cfg"), RUN_SH_ENVIRONMENT);
    assertEquals("4", c.value("TuneSelect", "num_trials").orElseThrow());
    assertEquals("H1, L1", c.effectiveSection("Tune").get("ifos").value());
    assertEquals("/runs/a", c.effectiveSection("Tune").get("out_dir").value());
  }
}
