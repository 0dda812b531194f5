package dev.pipeline.engine.command;

import static dev.pipeline.engine.command.CommandRuns.failures;
import static dev.pipeline.engine.command.CommandRuns.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.error.ExitCode;
import dev.pipeline.api.targets.local.LocalFileTarget;
import dev.pipeline.engine.command.CommandRuns.Sh;
import dev.pipeline.engine.event.RunSummary;
import dev.pipeline.engine.journal.JournalReader;
import dev.pipeline.engine.journal.JournalRecord;
import dev.pipeline.engine.journal.JournalWriter;
import dev.pipeline.engine.scheduler.RunOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CPU time and memory of an attempt reach the journal: a real command (its process tree, through
 * local executor's /proc measurements) and a Java task (its worker thread's CPU time and allocation).
 */
class ResourceAccountingTest {
  /** A perl child of bash (a process tree) that touches 50 MB and burns 0.3 s of CPU. */
  private static final String BURN = "[Sh]\ncommand = bash -c 'perl -e \"\\$$x = q(a) x 50e6;"
      + " 1 while (times)[0] + (times)[1] < 0.3; open(F, q(>), \\$$ARGV[0]); print F 1\" \"$$0\";"
      + " exit $$?' {output}\n";

  @TempDir Path tmp;

  @Test
  void aCommandsProcessTree_cpuAndPeakRssInTheJournal() throws IOException {
    assumeTrue(onPath("perl"), "perl is not on the PATH: the test command needs it");
    Path runDir = Files.createDirectories(tmp.resolve("run"));
    RunSummary summary = run(tmp, BURN, options(runDir), new Sh().with("", "", tmp.resolve("out")));
    assertEquals(ExitCode.OK, summary.exitCode(), failures(summary).toString());

    JournalRecord done = terminal(runDir, "DONE");
    assertNotNull(done.cpuSeconds(), "cpuSeconds missing: " + done);
    assertTrue(done.cpuSeconds() >= 0.3 && done.cpuSeconds() < 2.0, "cpuSeconds " + done.cpuSeconds());
    assertNotNull(done.peakRssKb(), "peakRssKb missing: " + done);
    assertTrue(done.peakRssKb() >= 48_000 && done.peakRssKb() < 200_000, "peakRssKb " + done.peakRssKb());
    assertNull(done.allocatedBytes(), "a command has no Java allocation");
    try (var left = Files.walk(runDir.resolve(".pipeline/jobs"))) {
      assertEquals(List.of(), left.filter(p -> p.toString().endsWith(".usage")).toList(),
          "usage files are removed once read");
    }
  }

  @Test
  void aFailingCommand_stillRecordsWhatItUsed() throws IOException {
    Path runDir = Files.createDirectories(tmp.resolve("run"));
    String cfg = "[Sh]\ncommand = bash -c 'i=0; while [ $$i -lt 20000 ]; do i=$$((i+1)); done;"
        + " exit 3' {output}\n";
    RunSummary summary = run(tmp, cfg, options(runDir), new Sh().with("", "", tmp.resolve("out")));
    assertEquals(ExitCode.TASK_FAILED, summary.exitCode());

    JournalRecord failed = terminal(runDir, "FAILED");
    assertNotNull(failed.cpuSeconds(), "cpuSeconds missing: " + failed);
    assertTrue(failed.cpuSeconds() > 0, "cpuSeconds " + failed.cpuSeconds());
  }

  @Test
  void aJavaTask_threadCpuAndAllocationInTheJournal() throws IOException {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    assumeTrue(threads.isCurrentThreadCpuTimeSupported(), "this JVM cannot measure thread CPU time");
    Path runDir = Files.createDirectories(tmp.resolve("run"));
    Burn task = new Burn();
    task.out = tmp.resolve("burnt");
    RunSummary summary = run(tmp, "", options(runDir), task);
    assertEquals(ExitCode.OK, summary.exitCode(), failures(summary).toString());

    JournalRecord done = terminal(runDir, "DONE");
    assertNotNull(done.cpuSeconds(), "cpuSeconds missing: " + done);
    assertTrue(done.cpuSeconds() >= 0.3 && done.cpuSeconds() < 1.5, "cpuSeconds " + done.cpuSeconds());
    assertNotNull(done.allocatedBytes(), "allocatedBytes missing: " + done);
    assertTrue(done.allocatedBytes() >= 50_000_000 && done.allocatedBytes() < 80_000_000,
        "allocatedBytes " + done.allocatedBytes());
    assertNull(done.peakRssKb(), "a Java task shares the engine's memory: no peak of its own");
  }

  private static RunOptions options(Path runDir) {
    return RunOptions.defaults(runDir).withCaptureOutput(false);
  }

  private static JournalRecord terminal(Path runDir, String state) throws IOException {
    List<JournalRecord> records = JournalReader.read(JournalWriter.fileIn(runDir));
    return records.stream().filter(r -> state.equals(r.state())).findFirst()
        .orElseThrow(() -> new AssertionError("no " + state + " record in " + records));
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  /** Allocates 50 MB and burns 0.3 s of its thread's CPU time. */
  @Family("Burn")
  static final class Burn extends Task {
    @Param Path out;
    static volatile byte[] sink;

    @Override
    public Object output() {
      return LocalFileTarget.of(out);
    }

    @Override
    public void run(TaskContext context) throws IOException {
      sink = new byte[50_000_000];
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long start = threads.getCurrentThreadCpuTime();
      while (threads.getCurrentThreadCpuTime() - start < 300_000_000L) {
        sink[(int) (System.nanoTime() % sink.length)]++;
      }
      sink = null;
      LocalFileTarget.of(out).writeString("burnt");
    }
  }
}
