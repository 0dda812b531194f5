package dev.pipeline.cli.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pipeline sweep --executor slurm} against a real SLURM ({@code scripts/slurm-test-cluster.sh
 * start}): the points go out as one job array, each job rebuilds its point from the frozen plan
 * ({@code run-task sweep.SweepPoint}) and records it in stat.json, and a second run submits only what
 * did not succeed.
 */
@Tag("cluster")
class SlurmSweepClusterTest {
  private static final Pattern SUBMITTED = Pattern.compile("submitted as SLURM job (\\S+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private ClusterHarness pipeline;
  private Path cfg;

  @BeforeAll
  static void needSlurm() {
    ClusterHarness.assumeSlurm(SlurmSweepClusterTest.class);
  }


  @BeforeEach
  void setUp() throws Exception {
    pipeline = new ClusterHarness(dir);
    cfg = dir.resolve("sweep.cfg");
    Files.writeString(cfg, """
        [slurm]
        poll_interval = 1s
        exit_grace = 20s

        [SweepPoint]
        time = 5m
        """);
    // probe V: records where it ran; fails with code 3 for "bad".
    Path probe = dir.resolve("bin/probe");
    Files.createDirectories(probe.getParent());
    Files.writeString(probe, """
        #!/usr/bin/env bash
        echo "probe $1 job=${SLURM_ARRAY_JOB_ID:-none} task=${SLURM_ARRAY_TASK_ID:-none}"
        echo "$1 $SLURM_ARRAY_JOB_ID" >> "$(dirname "$0")/../ran.txt"
        [ "$1" != bad ] || exit 3
        """);
    Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(dir.resolve("params.yaml"),
        "template:\n  probe: " + probe + " {v}\n---\nv: [a, b, c, bad]\n");
  }

  private List<Path> submissions() throws Exception {
    Path jobs = dir.resolve(".pipeline/jobs/slurm");
    try (Stream<Path> s = Files.list(jobs)) {
      return s.filter(p -> p.getFileName().toString().startsWith("sweep.SweepPoint-")).sorted().toList();
    }
  }

  private List<String> jobIds() throws Exception {
    List<String> ids = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir.resolve(".pipeline/logs/sweep.SweepPoint"))) {
      for (Path log : s.sorted().toList()) {
        Matcher m = SUBMITTED.matcher(Files.readString(log));
        while (m.find()) {
          ids.add(m.group(1));
        }
      }
    }
    return ids;
  }

  private JsonNode stat(String point) throws Exception {
    return JSON.readTree(dir.resolve("output").resolve(point).resolve("stat.json").toFile()).get("probe");
  }

  @Test
  void sweepOnSlurm_isOneJobArray_recordsEveryPoint_andARerunSubmitsOnlyTheFailedPoint() throws Exception {
    String[] args = {"sweep", "-y", "params.yaml", "-o", "output", "--executor", "slurm",
        "--config", cfg.toString()};
    Path log = dir.resolve("first.log");
    int rc = pipeline.run(log, 300, args);
    String console = Files.readString(log);
    assertEquals(3, rc, console);
    assertTrue(console.contains("Failed tasks: 1/4"), console);

    // One submission: an array of the four points.
    assertEquals(1, submissions().size());
    String script = Files.readString(submissions().get(0).resolve("job.sh"));
    assertTrue(script.contains("#SBATCH --array=0-3\n"), script);
    assertTrue(script.contains("#SBATCH --time=00:05:00\n"), "[SweepPoint] time: " + script);
    List<String> ids = jobIds();
    assertEquals(4, ids.size(), ids.toString());
    String array = ids.get(0).substring(0, ids.get(0).indexOf('_'));
    for (int i = 0; i < 4; i++) {
      assertTrue(ids.contains(array + "_" + i), ids.toString());
    }
    assertEquals(List.of("COMPLETED", "COMPLETED", "COMPLETED", "FAILED"),
        List.of(ClusterHarness.slurmState(array + "_0"), ClusterHarness.slurmState(array + "_1"),
            ClusterHarness.slurmState(array + "_2"), ClusterHarness.slurmState(array + "_3")));

    // Every point ran in a job of that array and wrote its own state files.
    for (String v : List.of("a", "b", "c")) {
      JsonNode s = stat("V_" + v);
      assertEquals(0, s.get("code").asInt(), s.toString());
      assertEquals("finished", s.get("status").asText());
      JsonNode params = JSON.readTree(dir.resolve("output/V_" + v + "/param.json").toFile());
      assertEquals(v, params.get("v").asText());
      assertEquals("V_" + v, params.get("_name").asText());
      assertEquals("output/V_" + v, params.get("_output").asText());
      String pointLog;
      try (Stream<Path> s2 = Files.list(dir.resolve("output/V_" + v))) {
        pointLog = Files.readString(s2.filter(p -> p.getFileName().toString().startsWith("log.probe."))
            .findFirst().orElseThrow());
      }
      assertTrue(pointLog.matches("probe " + v + " job=" + array + " task=\\d\n"), pointLog);
    }
    JsonNode bad = stat("V_bad");
    assertEquals(1, bad.get("code").asInt(), bad.toString());
    assertEquals("failed", bad.get("status").asText());
    assertEquals(3, bad.get("exit").asInt());
    assertEquals("exited with code 3", bad.get("error").asText());

    // Again: the three succeeded points are skipped, only the failed one is submitted (alone).
    Path again = dir.resolve("second.log");
    assertEquals(3, pipeline.run(again, 300, args), Files.readString(again));
    String second = Files.readString(again);
    assertTrue(second.contains("Tasks: 4, commands to run: 1"), second);
    assertEquals(2, submissions().size());
    String retry = Files.readString(submissions().get(1).resolve("job.sh"));
    assertTrue(!retry.contains("--array"), retry);
    List<String> ran = Files.readAllLines(dir.resolve("ran.txt"));
    assertEquals(5, ran.size(), ran.toString());
    assertTrue(ran.get(4).startsWith("bad "), ran.toString());
    assertEquals(0, stat("V_a").get("code").asInt());
  }
}
