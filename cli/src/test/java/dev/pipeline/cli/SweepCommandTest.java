package dev.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pipeline sweep} as users run it: real JVMs, several at once, killed, fed on stdin. */
class SweepCommandTest {
  @TempDir Path dir;
  Path bin;

  @BeforeEach
  void setUp() throws IOException {
    bin = Files.createDirectories(dir.resolve("bin"));
    // record NAME: appends "$WORKER NAME" to ran.txt once every sweep process on the output
    // directory has started (so that all of them are competing for points), after a short nap.
    program("record", """
        journal=output/.pipeline/journal.jsonl
        for _ in $(seq 1 600); do
          [ "$(grep -c '"run_started"' "$journal" 2>/dev/null)" -ge "${WORKERS:-1}" ] && break
          sleep 0.05
        done
        echo "start $WORKER $1" >> events.txt
        nap="NAP_$1"
        sleep "${!nap:-${NAP:-0.2}}"
        echo "$WORKER $1" >> ran.txt""");
  }

  private void program(String name, String body) throws IOException {
    Path p = bin.resolve(name);
    Files.writeString(p, "#!/usr/bin/env bash\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private void sweepFile(int points) throws IOException {
    List<String> values = new ArrayList<>();
    for (int i = 1; i <= points; i++) {
      values.add("p" + i);
    }
    Files.writeString(dir.resolve("params.yaml"), "template:\n  run: record {_name}\n---\nv: ["
        + String.join(", ", values) + "]\n");
  }

  /** A separate JVM running {@code pipeline ARGS} in the test directory. */
  private ProcessBuilder pipeline(String worker, Map<String, String> env, String... args) {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-cp", cp,
        "dev.pipeline.cli.PipelineCli"));
    Collections.addAll(cmd, args);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.environment().put("WORKER", worker);
    pb.environment().putAll(env);
    return pb;
  }

  private static String finish(Process p, int seconds) throws Exception {
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), "still running: " + text);
    return text;
  }

  private List<String> ran() throws IOException {
    Path f = dir.resolve("ran.txt");
    return Files.exists(f) ? Files.readAllLines(f) : List.of();
  }

  @Test
  void twoConcurrentSweepProcessesRunEveryPointExactlyOnce() throws Exception {
    sweepFile(8);
    Map<String, String> env = Map.of("WORKERS", "2");
    Process a = pipeline("A", env, "sweep", "-y", "params.yaml", "-o", "output").start();
    Process b = pipeline("B", env, "sweep", "-y", "params.yaml", "-o", "output").start();
    String outA = finish(a, 120);
    String outB = finish(b, 120);
    assertEquals(0, a.exitValue(), outA);
    assertEquals(0, b.exitValue(), outB);
    Map<String, Integer> runs = new HashMap<>();
    Map<String, Integer> byWorker = new HashMap<>();
    for (String line : ran()) {
      String[] f = line.split(" ");
      runs.merge(f[1], 1, Integer::sum);
      byWorker.merge(f[0], 1, Integer::sum);
    }
    assertEquals(8, runs.size(), "every point ran: " + ran());
    runs.forEach((point, n) -> assertEquals(1, n, point + " ran " + n + " times:\n" + outA + "\n" + outB));
    assertEquals(2, byWorker.size(), "both processes took points: " + byWorker + "\n" + outA + "\n" + outB);
    for (int i = 1; i <= 8; i++) {
      assertTrue(Files.readString(dir.resolve("output/V_p" + i + "/stat.json")).contains("\"code\": 0"));
    }
    // A third process finds nothing left to do.
    Process c = pipeline("C", Map.of(), "sweep", "-y", "params.yaml", "-o", "output").start();
    String outC = finish(c, 120);
    assertEquals(0, c.exitValue(), outC);
    assertTrue(outC.contains("Tasks: 8, commands to run: 0"), outC);
    assertEquals(8, ran().size());
  }

  @Test
  void aPointWhoseWorkerDiedIsTakenByTheNextProcessAndOnlyWhatIsMissingRuns() throws Exception {
    sweepFile(3);
    Process a = pipeline("A", Map.of("NAP_V_p2", "2"), "sweep", "-y", "params.yaml", "-o", "output").start();
    Path events = dir.resolve("events.txt");
    for (int i = 0; i < 1200 && !(Files.exists(events) && Files.readString(events).contains("start A V_p2")); i++) {
      Thread.sleep(50);
    }
    assertTrue(Files.readString(events).contains("start A V_p2"), Files.readString(events));
    a.destroyForcibly(); // SIGKILL: no clean-up, the claim goes with the process
    a.waitFor(30, TimeUnit.SECONDS);
    assertEquals(List.of("A V_p1"), ran());
    assertTrue(Files.readString(dir.resolve("output/V_p2/stat.json")).contains("\"running\""));

    StringWriter out = new StringWriter();
    int exit = PipelineCli.execute(new String[] {"sweep", "-y", dir.resolve("params.yaml").toString(),
        "-o", dir.resolve("output").toString(), "--summary"}, new PrintWriter(out, true),
        new PrintWriter(new StringWriter(), true));
    assertEquals(0, exit);
    assertTrue(out.toString().matches("(?s).*V_p1 +succeeded.*V_p2 +interrupted.*"), out.toString());

    Process b = pipeline("B", Map.of(), "sweep", "-y", "params.yaml", "-o", "output").start();
    String outB = finish(b, 120);
    assertEquals(0, b.exitValue(), outB);
    assertTrue(outB.contains("Tasks: 3, commands to run: 2"), outB);
    List<String> byB = ran().stream().filter(l -> l.startsWith("B ")).sorted().toList();
    assertEquals(List.of("B V_p2", "B V_p3"), byB, outB);
    assertTrue(Files.readString(dir.resolve("output/V_p2/stat.json")).contains("\"finished\""));
  }

  @Test
  void confirmReadsAnswersFromStandardInput() throws Exception {
    sweepFile(4);
    Process p = pipeline("A", Map.of("NAP", "0"), "sweep", "-y", "params.yaml", "-o", "output",
        "--confirm").start();
    p.getOutputStream().write("n\ny\nexit\n".getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = finish(p, 120);
    assertEquals(0, p.exitValue(), out);
    assertEquals(List.of("A V_p1", "A V_p3"), ran(), out);
    assertTrue(out.contains("Run (2/4): V_p2? (y/n/all/exit) skipping V_p2"), out);
    assertTrue(out.contains("Run (3/4): V_p3? (y/n/all/exit) Run (4/4): V_p4? (y/n/all/exit) "), out);
  }

  @Test
  void usageErrorsAreOneLineWithExitCode2() throws Exception {
    sweepFile(1);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String yaml = dir.resolve("params.yaml").toString();
    String output = dir.resolve("output").toString();
    assertEquals(2, PipelineCli.execute(new String[] {"sweep", "-y", yaml, "-o", output, "--executor",
        "slurmm"}, new PrintWriter(out, true), new PrintWriter(err, true)));
    assertEquals("error: --executor slurmm: unknown executor (known: local, slurm, condor, lsf, pbs, kubernetes)\n",
        err.toString());
    err.getBuffer().setLength(0);
    assertEquals(2, PipelineCli.execute(new String[] {"sweep", "-y", yaml, "-o", output, "-c", "rnu"},
        new PrintWriter(out, true), new PrintWriter(err, true)));
    assertTrue(err.toString().startsWith("error: -c rnu: no such template; did you mean run?"), err.toString());
    assertTrue(!Files.exists(dir.resolve("output")), "nothing ran");
  }
}
