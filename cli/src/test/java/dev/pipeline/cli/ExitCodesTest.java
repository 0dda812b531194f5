package dev.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.pipeline.engine.journal.JournalReader;
import dev.pipeline.engine.journal.JournalRecord;
import dev.pipeline.engine.journal.JournalWriter;
import dev.pipeline.engine.testing.Processes;
import dev.pipeline.engine.testing.Recorder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every exit code of {@code pipeline run}, through the real command line: in this JVM for the
 * quick ones, in a child JVM for an interruption by a signal.
 */
@Timeout(60)
class ExitCodesTest {
  @TempDir Path dir;
  private final List<Long> leftovers = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    leftovers.forEach(Processes::killTree);
  }

  /** Exit code, stdout and stderr of one CLI invocation. */
  record Result(int code, String out, String err) {
    List<String> errLines() {
      return err.lines().toList();
    }
  }

  private Result cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = PipelineCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  private String[] run(String family, String... more) {
    List<String> args = new ArrayList<>(List.of("run", family, "--run-dir", dir.toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  void success_is0() throws Exception {
    String key = Recorder.newKey("ok");
    Result r = cli(run("TestFan", "--key", key, "--n", "3", "--out",
        dir.resolve("out").toString(), "--workers", "2"));
    assertEquals(0, r.code(), r.toString());
    assertTrue(Files.exists(dir.resolve("out/fan.txt")));
    assertTrue(r.out().contains("4 task(s): 0 already complete, 4 to run"), r.out());
    assertTrue(r.out().contains("Everything requested is complete."), r.out());
    assertEquals("", r.err());

    Result again = cli(run("TestFan", "--key", key, "--n", "3", "--out",
        dir.resolve("out").toString()));
    assertEquals(0, again.code(), again.toString());
    assertTrue(again.out().contains("Everything requested was already complete."), again.out());
  }

  @Test
  void unknownFamily_is2_withOneLineAndASuggestion() {
    Result r = cli(run("TestFann"));
    assertEquals(2, r.code(), r.toString());
    assertEquals(List.of("error: unknown task family 'TestFann'; did you mean TestFan?"),
        r.errLines());
  }

  @Test
  void unknownParameter_is2_withOneLineAndASuggestion() {
    Result r = cli(run("TestFan", "--nn", "3"));
    assertEquals(2, r.code(), r.toString());
    assertEquals(List.of("error: TestFan: unknown parameter --nn; did you mean --n?"
        + " (parameters: failIndex, key, ledger, millis, n, out)"), r.errLines());
  }

  @Test
  void badParameterValue_is2_withOneLine() {
    Result r = cli(run("TestFan", "--n", "three"));
    assertEquals(2, r.code(), r.toString());
    assertEquals(List.of("error: TestFan --n: expected int, got 'three';"
        + " write a whole number such as 42"), r.errLines());
  }

  @Test
  void badEngineOption_is2() {
    Result r = cli(run("TestFan", "--workers", "0"));
    assertEquals(2, r.code(), r.toString());
    assertEquals(List.of("error: --workers must be between 1 and 4096, got 0 (tasks running at once)"),
        r.errLines());
    Result typo = cli(run("TestFan", "--workers", "two"));
    assertEquals(2, typo.code(), typo.toString());
    assertTrue(typo.err().startsWith("error: "), typo.err());
  }

  @Test
  void internalError_is1() {
    Result r = cli(run("BrokenRequires"));
    assertEquals(1, r.code(), r.toString());
    assertEquals(List.of("internal error: java.lang.IllegalStateException: requires() is broken"
        + " (run again with --stacktrace for details)"), r.errLines());
  }

  @Test
  void taskFailure_is3() {
    Result r = cli(run("TestFan", "--key", Recorder.newKey("fail"), "--n", "3", "--failIndex",
        "1", "--out", dir.resolve("out").toString()));
    assertEquals(3, r.code(), r.toString());
    assertTrue(r.out().contains("FAILED TestNode("), r.out());
    assertTrue(r.out().contains("2 done, 1 failed, 1 upstream failed"), r.out());
  }

  @Test
  void dependencyCycle_is4_andNamesTheCycle() {
    String key = Recorder.newKey("cycle");
    Result r = cli(run("CycleA", "--key", key));
    assertEquals(4, r.code(), r.toString());
    assertEquals(List.of("error: dependency cycle: CycleA(key=" + key + ") -> CycleB(key=" + key
        + ") -> CycleC(key=" + key + ") -> CycleA(key=" + key + ") (each task requires the"
        + " next); break one of these requires()"), r.errLines());
    assertEquals("", r.out(), "no 'Summary: nothing to do' before the refusal");
    assertEquals(0, Recorder.count(key, "CycleA"));
  }

  @Test
  void selfCycle_is4() {
    Result r = cli(run("SelfCycle", "--key", Recorder.newKey("self")));
    assertEquals(4, r.code(), r.toString());
  }

  @ParameterizedTest(name = "SIG{0}")
  @ValueSource(strings = {"TERM", "INT"})
  void signal_interruptsTheRun_killsItsProcesses_andExits130(String signal) throws Exception {
    assumeFalse(signal.equals("INT") && Processes.sigintIgnored(),
        "SIGINT is ignored by this JVM, so a child JVM cannot handle it");
    Path pid = dir.resolve("pid");
    Path log = dir.resolve("cli.log");
    String script = "echo $$ > " + pid + ".tmp; mv " + pid + ".tmp " + pid
        + "; sleep 300 & sleep 300; wait";
    Process cli = Processes.startJava(PipelineCli.class, log, List.of("run", "TestExec",
        "--key", Recorder.newKey("sig"), "--script", script, "--out", dir.resolve("out").toString(),
        "--run-dir", dir.toString()));
    leftovers.add(cli.pid());
    assertTrue(Processes.await(Duration.ofSeconds(30), () -> Files.exists(pid)),
        "the task's command started: " + read(log));
    long shell = Processes.pids(pid).get(0);
    leftovers.add(shell);
    assertTrue(Processes.await(Duration.ofSeconds(10),
        () -> ProcessHandle.of(shell).map(p -> p.children().count() == 2).orElse(false)));
    List<Long> tree = new ArrayList<>(List.of(shell));
    ProcessHandle.of(shell).orElseThrow().descendants().forEach(p -> tree.add(p.pid()));
    leftovers.addAll(tree);

    new ProcessBuilder("kill", "-s", signal, Long.toString(cli.pid())).start().waitFor();

    assertTrue(cli.waitFor(30, TimeUnit.SECONDS), "the CLI exited: " + read(log));
    assertEquals(130, cli.exitValue(), read(log));
    for (long p : tree) {
      assertTrue(Processes.awaitGone(p, Duration.ofSeconds(10)), "process " + p + " survived");
    }
    assertTrue(read(log).contains("interrupting: stopping running tasks"), read(log));
    List<JournalRecord> journal = JournalReader.read(JournalWriter.fileIn(dir));
    assertTrue(journal.stream().anyMatch(r -> "task".equals(r.type())
        && "INTERRUPTED".equals(r.state()) && r.task().startsWith("TestExec(")), journal.toString());
    JournalRecord last = journal.get(journal.size() - 1);
    assertEquals("run_finished", last.type());
    assertEquals(130, last.exitCode());
    assertEquals(1, last.counts().get("INTERRUPTED"));
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
