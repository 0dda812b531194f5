package dev.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import dev.pipeline.engine.testing.S3Server;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run directory written by {@code pipeline init} describes itself: the commands work on it
 * without run.sh's environment (this JVM has none of the PIPELINE_ variables run.sh exports), for a
 * plain one and one whose training lives in an S3 bucket.
 */
@Timeout(120)
class RunDirectoryTest {
  @TempDir Path tmp;

  /** An s3-bucket run directory whose [s3] section points at the in-process S3 server. */
  private Path initWithS3Server() throws Exception {
    S3Server s3 = S3Server.get();
    s3.useAsDefaultCredentials();
    s3.createBucket("bucket");
    Path dir = init("--s3-bucket", "s3://bucket/runs/a");
    Path cfg = dir.resolve("sandbox.cfg");
    Files.writeString(cfg, Files.readString(cfg).replace("[s3]\n", "[s3]\nendpoint = "
        + s3.endpoint() + "\nregion = us-east-1\npath_style = true\n"));
    return dir;
  }

  private Path init(String... more) {
    Path dir = tmp.resolve("run");
    List<String> args = new ArrayList<>(List.of("init", "sandbox", "-d", dir.toString()));
    args.addAll(List.of(more));
    Cli r = Cli.run(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    assertTrue(System.getenv("PIPELINE_TRAIN_DIR") == null, "the test needs a clean environment");
    return dir;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"plain", "s3-bucket"})
  void statusGraphAndRemoveOutput_workWithConfigAndRunDir(String kind) throws Exception {
    Path dir = kind.equals("plain") ? init() : initWithS3Server();
    String cfg = dir.resolve("sandbox.cfg").toString();
    for (List<String> command : List.of(List.of("status", "Sandbox"), List.of("graph", "Sandbox"),
        List.of("remove-output", "Sandbox", "--dry-run"))) {
      List<String> args = new ArrayList<>(command);
      args.addAll(List.of("--config", cfg, "--run-dir", dir.toString()));
      Cli r = Cli.run(args.toArray(String[]::new));
      assertEquals(0, r.code(), command + ": " + r.err());
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"--run-dir", "--config"})
  void eitherOptionAlone_findsTheRunDirectory(String option) throws Exception {
    Path dir = initWithS3Server();
    String value = option.equals("--run-dir") ? dir.toString() : dir.resolve("sandbox.cfg").toString();
    Cli r = Cli.run("status", "Sandbox", option, value);
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("Train("), r.out());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"plain", "s3-bucket"})
  void run_worksWithoutRunSh(String kind) throws Exception {
    Path dir = kind.equals("plain") ? init() : initWithS3Server();
    // --run-dir alone names the cfg through run.env; a bare --config would be ambiguous here
    // (TrainConfig has a parameter of that name), which AmbiguousOptions refuses.
    Cli r = Cli.run("run", "TrainConfig", "--run-dir", dir.toString(),
        "--TrainConfig-config", dir.resolve("config.yaml").toString());
    assertEquals(0, r.code(), r.out() + r.err());
    try (var files = Files.walk(dir.resolve("train"))) {
      assertTrue(files.anyMatch(p -> p.getFileName().toString().equals("config.yaml")),
          "TrainConfig wrote its config.yaml under the run directory");
    }
    assertTrue(Files.isRegularFile(dir.resolve(".pipeline/journal.jsonl")), "the journal is in DIR");
  }

  /**
   * Without S3 credentials a run directory on S3 cannot even be looked at: a usage error before
   * anything runs, one line, not an internal error. A child JVM, so that no credentials reach it.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"status", "run"})
  void missingS3Credentials_isUsageErrorBeforeAnythingRuns(String command) {
    Path dir = init("--s3-bucket", "s3://bucket/runs/a");
    Path home = Shell.pipelineHome(tmp.resolve("home"), null);
    Shell.Result r = Shell.run(tmp, "AWS_", Shell.env("HOME", tmp.toString(),
            "AWS_EC2_METADATA_DISABLED", "true", "AWS_REGION", "us-east-1",
            "AWS_SHARED_CREDENTIALS_FILE", tmp.resolve("none").toString(),
            "AWS_CONFIG_FILE", tmp.resolve("none").toString()),
        home.resolve("bin/pipeline").toString(), command, "Sandbox", "--run-dir", dir.toString());
    assertEquals(2, r.exitCode(), r.stdout() + r.stderr());
    assertEquals("error: no S3 credentials found for bucket 'bucket': set AWS_ACCESS_KEY_ID and"
        + " AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or ~/.aws/credentials\n", r.stderr());
    assertEquals("", r.stdout());
    assertTrue(!Files.exists(dir.resolve("data")), "nothing ran");
  }
}
