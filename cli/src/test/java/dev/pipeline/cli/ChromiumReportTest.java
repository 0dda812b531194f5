package dev.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of a real run opened in a real headless Chromium cut off from the network: the graph,
 * the table and the timeline render, and the page asks for nothing but its own file.
 */
class ChromiumReportTest {
  @TempDir Path dir;

  @Test
  void reportRendersOfflineAndRequestsNothing() throws Exception {
    assumeTrue(Chromium.path() != null,
        "chromium is not on PATH (Debian: apt-get install chromium chromium-driver)");
    Path cfg = dir.resolve("fail7.cfg");
    Files.writeString(cfg, "[FanLeaf]\ncommand = bash -c 'echo leaf $$1; test \"$$1\" != 7"
        + " && echo \"$$1\" > \"$$2\"' _ {i} {output}\n");
    Cli run = Cli.run("run", "Fan", "--n", "30", "--out", dir.resolve("out").toString(),
        "--run-dir", dir.toString(), "--config", cfg.toString(), "--workers", "3",
        "--progress", "lines");
    assertEquals(3, run.code(), run.err());
    Path report = dir.resolve("report.html");
    Cli written = Cli.run("report", "--run-dir", dir.toString(), "-o", report.toString());
    assertEquals(0, written.code(), written.err());
    List<String> trace = Files.readAllLines(dir.resolve("trace.tsv"));
    assertEquals(32, trace.size(), "a header, 30 attempts and Fan, which never ran: " + trace);
    assertTrue(trace.stream().anyMatch(l -> l.contains("bench.FanLeaf(i=7,") && l.contains("\tFAILED\t1\t1\t")),
        "the failed leaf with its attempt and exit code: " + trace);

    try (Chromium chromium = new Chromium()) {
      chromium.offline();
      chromium.navigate(report.toUri().toString());
      chromium.await("the report's script", "document.body && document.body.dataset.ready === 'true'",
          Duration.ofSeconds(30));
      assertEquals(2, chromium.eval("document.querySelectorAll('#dag svg g.node').length").asInt());
      assertEquals(1, chromium.eval("document.querySelectorAll('#dag svg path.edge').length").asInt());
      assertEquals(31, chromium.eval("document.querySelectorAll('#tasks tbody tr').length").asInt(),
          "30 leaves and Fan");
      assertEquals("failed", chromium.eval("document.querySelector("
          + "'#tasks tr[data-task^=\"bench.FanLeaf(i=7,\"] td:nth-child(2)').textContent").asText());
      assertEquals("upstream_failed", chromium.eval("document.querySelector("
          + "'#tasks tr[data-task^=\"bench.Fan(\"] td:nth-child(2)').textContent").asText());
      assertEquals(30, chromium.eval("+document.getElementById('timeline').dataset.bars").asInt());
      assertTrue(chromium.eval("+document.getElementById('timeline').dataset.lanes").asInt() <= 3,
          "one lane per worker slot");
      assertTrue(chromium.eval("document.querySelectorAll('#plots svg.plot').length").asInt() >= 2);
      chromium.screenshot(Path.of("target", "report-fan-30.png"));
      List<String> requests = chromium.requests();
      assertTrue(requests.stream().allMatch(u -> u.equals(report.toUri().toString())
          || u.startsWith("file:") && u.endsWith("report.html")), "only the file itself: " + requests);
    }
  }
}
