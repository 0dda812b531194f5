package dev.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.engine.scaffold.PipelineHome;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {
  @TempDir Path tmp;

  record Cli(int exitCode, String out, String err) {}

  static Cli pipeline(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = PipelineCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Cli(code, out.toString(), err.toString());
  }

  @BeforeEach
  void fixedPipelineHome() {
    System.setProperty(PipelineHome.PROPERTY, "/opt/pipeline");
  }

  @AfterEach
  void clearPipelineHome() {
    System.clearProperty(PipelineHome.PROPERTY);
  }

  /**
   * Checks the listing and stdout, and compares each file with the golden copy in {@code golden},
   * or in init-sandbox for the files every kind shares (so each exists once).
   */
  private void assertGolden(String golden, Path dir, Cli cli, List<String> files, String own)
      throws IOException {
    assertEquals(0, cli.exitCode(), cli.err());
    Golden.assertMatches(golden, "stdout.txt", cli.out().replace(dir.toString(), "DIR"));
    List<String> written = new ArrayList<>();
    try (var listing = Files.list(dir)) {
      listing.forEach(p -> written.add(p.getFileName().toString()));
    }
    assertEquals(files.stream().sorted().toList(), written.stream().sorted().toList());
    for (String f : files) {
      String source = f.equals(own) || f.equals("run.sh") || f.equals("run.env") ? golden
          : "init-sandbox";
      Golden.assertMatches(source, f, Files.readString(dir.resolve(f)));
    }
  }

  @Test
  void init_sandboxWritesTheRunDirectory() throws IOException {
    Path dir = tmp.resolve("run1");
    assertGolden("init-sandbox", dir, pipeline("init", "sandbox", "--directory", dir.toString()),
        List.of("base.cfg", "sandbox.cfg", "config.yaml", "run.env", "run.sh"), "sandbox.cfg");
    assertTrue(Files.isExecutable(dir.resolve("run.sh")));
  }

  @Test
  void init_tuneWritesTuneCfg() throws IOException {
    Path dir = tmp.resolve("run1");
    assertGolden("init-tune", dir, pipeline("init", "tune", "-d", dir.toString()),
        List.of("base.cfg", "tune.cfg", "config.yaml", "run.env", "run.sh"), "tune.cfg");
  }

  @Test
  void init_s3BucketGoesIntoRunScript_andSendsTrainToS3AndKubernetes() throws IOException {
    Path dir = tmp.resolve("run1");
    Cli cli = pipeline("init", "sandbox", "-d", dir.toString(), "--s3-bucket", "s3://bucket/runs/a/");
    assertGolden("init-sandbox-s3", dir, cli,
        List.of("base.cfg", "sandbox.cfg", "config.yaml", "run.env", "run.sh"), "sandbox.cfg");
  }

  @Test
  void init_refusesADirectoryThatIsNotEmptyWithoutForce() throws IOException {
    Path dir = tmp.resolve("run1");
    assertEquals(0, pipeline("init", "sandbox", "-d", dir.toString()).exitCode());
    Files.writeString(dir.resolve("sandbox.cfg"), "edited");
    Cli again = pipeline("init", "sandbox", "-d", dir.toString());
    assertEquals(2, again.exitCode());
    assertEquals("error: " + dir + " already exists and is not empty; pass --force to overwrite"
        + " the files init writes there\n", again.err());
    assertEquals("edited", Files.readString(dir.resolve("sandbox.cfg")));

    Cli forced = pipeline("init", "sandbox", "-d", dir.toString(), "--force");
    assertEquals(0, forced.exitCode(), forced.err());
    assertTrue(Files.readString(dir.resolve("sandbox.cfg")).contains("[Train]"));
  }

  @Test
  void init_rejectsABucketThatIsNotS3AndWritesNothing() {
    Path dir = tmp.resolve("run1");
    Cli cli = pipeline("init", "sandbox", "-d", dir.toString(), "--s3-bucket", "bucket/prefix");
    assertEquals(2, cli.exitCode());
    assertEquals("error: --s3-bucket must look like s3://bucket/prefix, got 'bucket/prefix'\n",
        cli.err());
    assertFalse(Files.exists(dir));
  }

  @Test
  void init_rejectsAnUnknownKind() {
    Cli cli = pipeline("init", "online", "-d", tmp.resolve("run1").toString());
    assertEquals(2, cli.exitCode());
    assertEquals("error: unknown run kind 'online'; expected sandbox, tune or train-benchmark\n", cli.err());
  }

  @Test
  void init_needsADirectory() {
    Cli cli = pipeline("init", "sandbox");
    assertEquals(2, cli.exitCode());
    assertTrue(cli.err().startsWith("error: Missing required option: '--directory=DIR'"), cli.err());
  }
}
