package dev.pipeline.engine.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.engine.event.TaskState;
import dev.pipeline.engine.testing.Node;
import dev.pipeline.engine.testing.NodeFan;
import dev.pipeline.engine.testing.Processes;
import dev.pipeline.engine.testing.Recorder;
import dev.pipeline.engine.testing.RunMain;
import dev.pipeline.engine.testing.TestRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Several engine processes on one run directory: each task runs once, claims die with processes. */
@Timeout(120)
class CrossProcessClaimsTest {
  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void killProcesses() {
    processes.forEach(p -> Processes.killTree(p.pid()));
  }

  private Process engine(String name, String... args) throws IOException {
    List<String> argv = new ArrayList<>(List.of("--run-dir", dir.toString(), "--workers", "2",
        "--claim-poll", "50ms"));
    argv.addAll(List.of(args));
    Process p = Processes.startJava(RunMain.class, dir.resolve(name + ".log"), argv);
    processes.add(p);
    return p;
  }

  private String log(String name) throws IOException {
    Path file = dir.resolve(name + ".log");
    return Files.exists(file) ? Files.readString(file) : "";
  }

  /** Ledger lines per task name: the PIDs that ran it. */
  private static Map<String, List<Long>> ledger(Path file) throws IOException {
    Map<String, List<Long>> out = new TreeMap<>();
    if (!Files.exists(file)) {
      return out;
    }
    for (String line : Files.readAllLines(file)) {
      String[] parts = line.split(" ");
      out.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Long.parseLong(parts[1]));
    }
    return out;
  }

  @Test
  void twoProcessesOnOneRunDirectory_runEveryTaskExactlyOnce() throws Exception {
    Path ledger = dir.resolve("ledger");
    String[] fan = {"TestFan", "--key", Recorder.newKey("twice"), "--n", "10", "--millis", "150",
        "--out", dir.resolve("out").toString(), "--ledger", ledger.toString()};
    Process a = engine("a", fan);
    Process b = engine("b", fan);

    assertTrue(a.waitFor(90, TimeUnit.SECONDS), "a finished: " + log("a"));
    assertTrue(b.waitFor(90, TimeUnit.SECONDS), "b finished: " + log("b"));
    assertEquals(0, a.exitValue(), log("a"));
    assertEquals(0, b.exitValue(), log("b"));

    Map<String, List<Long>> ran = ledger(ledger);
    assertEquals(11, ran.size(), ran.toString());
    for (Map.Entry<String, List<Long>> e : ran.entrySet()) {
      assertEquals(1, e.getValue().size(), e.getKey() + " ran " + e.getValue().size() + " times");
      assertTrue(List.of(a.pid(), b.pid()).contains(e.getValue().get(0)));
    }
    assertTrue(Files.exists(dir.resolve("out/fan.txt")));
    assertEquals(11, done(log("a")) + done(log("b")), "each task DONE in exactly one process");
  }

  /** The DONE count from RunMain's summary line. */
  private static int done(String log) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("RunMain: \\{[^}]*\\bDONE=(\\d+)")
        .matcher(log);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  @Test
  void taskClaimedByAnotherProcess_waits_andIsThenTakenAsComplete() throws Exception {
    String key = Recorder.newKey("elsewhere");
    Path ledger = dir.resolve("ledger");
    Path out = dir.resolve("out");
    Process other = engine("other", "TestFan", "--key", key, "--n", "1", "--millis", "1500",
        "--out", out.toString(), "--ledger", ledger.toString());
    assertTrue(Processes.await(Duration.ofSeconds(30), () -> ledgerHas(ledger, "leaf0")),
        "the other process started leaf0: " + log("other"));

    NodeFan fan = new NodeFan();
    fan.key = key;
    fan.n = 1;
    fan.out = out;
    fan.ledger = ledger;
    TestRun run = TestRun.run(RunOptions.defaults(dir).withClaimPoll(Duration.ofMillis(50)), fan);

    Node leaf = Node.of(key, "leaf0");
    assertEquals(ExitCode.OK, run.summary.exitCode(), run.summary.toString());
    assertEquals(List.of(TaskState.WAITING_ELSEWHERE, TaskState.COMPLETE), run.states(leaf));
    assertEquals("completed by another process", run.events(leaf, TaskState.COMPLETE).get(0)
        .message());
    assertEquals(0, Recorder.count(key, "leaf0"), "not run in this process");
    assertEquals(List.of(other.pid()), ledger(ledger).get("leaf0"));
    assertTrue(other.waitFor(60, TimeUnit.SECONDS));
    assertEquals(1, ledger(ledger).get("fan").size(), "the sink ran once: " + ledger(ledger));
  }

  @Test
  void processKilledWhileHoldingAClaim_doesNotBlockTheNextRun() throws Exception {
    String key = Recorder.newKey("killed");
    Path ledger = dir.resolve("ledger");
    Path out = dir.resolve("out");
    Process doomed = engine("doomed", "TestFan", "--key", key, "--n", "1", "--millis", "60000",
        "--out", out.toString(), "--ledger", ledger.toString());
    assertTrue(Processes.await(Duration.ofSeconds(30), () -> ledgerHas(ledger, "leaf0")),
        "the doomed process claimed and started leaf0: " + log("doomed"));
    doomed.destroyForcibly(); // SIGKILL while it holds the claim on leaf0
    doomed.waitFor();

    NodeFan fan = new NodeFan();
    fan.key = key;
    fan.n = 1;
    fan.out = out;
    fan.millis = 10;
    fan.ledger = ledger;
    long t0 = System.nanoTime();
    TestRun run = TestRun.run(RunOptions.defaults(dir).withClaimPoll(Duration.ofMillis(50)), fan);

    assertEquals(ExitCode.OK, run.summary.exitCode(), run.summary.toString());
    Node leaf = Node.of(key, "leaf0");
    assertEquals(List.of(TaskState.RUNNING, TaskState.DONE), run.states(leaf));
    assertEquals(List.of(doomed.pid(), ProcessHandle.current().pid()), ledger(ledger).get("leaf0"));
    assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0) < 10);
  }

  private static boolean ledgerHas(Path ledger, String task) {
    try {
      return ledger(ledger).containsKey(task);
    } catch (IOException | RuntimeException e) {
      return false; // a line being written
    }
  }
}
