package dev.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pipeline ui}, {@code pipeline report} and {@code run --ui/--report} at the command line. */
class UiReportCommandTest {
  @TempDir Path dir;

  @Test
  void theUiRefusesToListenElsewhereOrToStopRunsWithoutAToken() {
    Cli open = Cli.run("ui", "--bind", "0.0.0.0", "--run-dir", dir.toString());
    assertEquals(2, open.code(), open.err());
    assertTrue(open.err().contains("PIPELINE_UI_TOKEN"), open.err());
    Cli stop = Cli.run("ui", "--allow-stop", "--run-dir", dir.toString());
    assertEquals(2, stop.code(), stop.err());
    Cli missing = Cli.run("ui", "--run-dir", dir.resolve("nowhere").toString());
    assertEquals(2, missing.code(), missing.err());
    assertTrue(missing.err().contains("is not a directory"), missing.err());
  }

  @Test
  void uiTakesAPortOnlyWhenANumberFollows() {
    RunCommand bare = new RunCommand();
    new picocli.CommandLine(bare).parseArgs("Fan", "--ui", "--n", "3");
    assertEquals(8765, bare.uiPort);
    assertEquals(List.of("--n", "3"), bare.taskArguments);
    RunCommand given = new RunCommand();
    new picocli.CommandLine(given).parseArgs("Fan", "--ui", "9000", "--n", "3");
    assertEquals(9000, given.uiPort);
    RunCommand attached = new RunCommand();
    new picocli.CommandLine(attached).parseArgs("Fan", "--ui=0");
    assertEquals(0, attached.uiPort);
    RunCommand none = new RunCommand();
    new picocli.CommandLine(none).parseArgs("Fan", "--n", "3");
    assertEquals(null, none.uiPort);
  }

  @Test
  void aReportNeedsARecordedRun() {
    Cli none = Cli.run("report", "--run-dir", dir.toString(), "-o", dir.resolve("r.html").toString());
    assertEquals(2, none.code(), none.err());
    assertTrue(none.err().contains("no run recorded in"), none.err());
    assertFalse(Files.exists(dir.resolve("r.html")));
  }

  @Test
  void aReportThatCannotBeWrittenStopsTheRunBeforeItStarts() {
    Cli run = Cli.run("run", "Fan", "--n", "3", "--out", dir.resolve("out").toString(),
        "--run-dir", dir.toString(), "--report", dir.resolve("no/such/dir/r.html").toString());
    assertEquals(2, run.code(), run.err());
    assertTrue(run.err().contains("cannot write the report"), run.err());
    assertFalse(Files.exists(dir.resolve("out")), "nothing ran");
  }

  @Test
  void runWritesTheReportAndTraceAtTheEndAndServesItsPageMeanwhile() throws Exception {
    Path report = dir.resolve("r.html");
    Cli run = Cli.run("run", "Fan", "--n", "5", "--out", dir.resolve("out").toString(),
        "--run-dir", dir.toString(), "--report", report.toString(), "--ui", "0");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.err().contains("live UI at http://127.0.0.1:"), run.err());
    String html = Files.readString(report);
    assertTrue(html.contains("dagre 0.8.4") && html.contains("MIT"), "dagre inlined with its licence");
    for (String external : List.of("src=\"http", "href=\"http", "src='http", "url(http")) {
      assertFalse(html.contains(external), "an external reference: " + external);
    }
    List<String> trace = Files.readAllLines(dir.resolve("trace.tsv"));
    assertEquals(7, trace.size(), "a header and six attempts: " + trace);
    assertTrue(trace.get(0).startsWith("task_id\thash\tname\tfamily\tstatus\tattempt\texit"));
  }
}
