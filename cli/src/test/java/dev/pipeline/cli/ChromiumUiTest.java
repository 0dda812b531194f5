package dev.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live UI of a real run, in a real headless Chromium: {@code pipeline run Fan --n 10000 --ui 0}
 * (each leaf a real process), the page open while it runs. The done count rises with no reload,
 * the family expands on a click, a task's log shows what the task printed. The screenshot is in
 * cli/target/ui-fan-10000.png.
 */
class ChromiumUiTest {
  private static final Pattern ADDRESS = Pattern.compile("live UI at (http://\\S+)");

  @TempDir Path dir;

  @Test
  void pageOfARunningFanFollowsIt() throws Exception {
    assumeTrue(Chromium.path() != null,
        "chromium is not on PATH (Debian: apt-get install chromium chromium-driver)");
    Path cfg = dir.resolve("slow.cfg");
    Files.writeString(cfg, "[FanLeaf]\ncommand = bash -c 'echo \"leaf $$1 says hello\";"
        + " sleep 0.02; echo \"$$1\" > \"$$2\"' _ {i} {output}\n");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process run = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        "dev.pipeline.cli.PipelineCli", "run", "Fan", "--n", "10000", "--out",
        dir.resolve("out").toString(), "--run-dir", dir.toString(), "--config", cfg.toString(),
        "--workers", "2", "--progress", "lines", "--ui", "0")
        .redirectErrorStream(true).start();
    try (Chromium chromium = new Chromium()) {
      String url = address(run);
      chromium.navigate(url);
      chromium.eval("window.openedOnce = true");
      chromium.await("the done count", "document.getElementById('done-count')", Duration.ofSeconds(60));
      int first = doneCount(chromium);
      chromium.await("the done count to rise without a reload",
          "window.openedOnce && +document.getElementById('done-count').textContent > " + first,
          Duration.ofSeconds(60));
      assertTrue(chromium.eval("document.querySelectorAll('#dag g.node').length").asInt() == 2,
          "the graph shows the two families, collapsed");

      chromium.eval("document.querySelector('#dag g.node[data-family=\"bench.FanLeaf\"]')"
          + ".dispatchEvent(new MouseEvent('click', {bubbles: true}))");
      chromium.await("the family's tasks", "document.querySelectorAll('#family-tasks li').length > 0",
          Duration.ofSeconds(30));
      int listed = chromium.eval("document.querySelectorAll('#family-tasks li').length").asInt();
      assertTrue(listed <= 200, "a page of tasks, not all of them: " + listed);

      chromium.eval("document.querySelector('#family-tasks li').click()");
      chromium.await("the task's log", "document.getElementById('log').textContent"
          + ".indexOf('says hello') >= 0", Duration.ofSeconds(30));
      String parameters = chromium.eval("document.getElementById('task-info').textContent").asText();
      assertTrue(parameters.contains("--out"), parameters);
      assertTrue(chromium.eval("window.openedOnce === true").asBoolean(), "the page never reloaded");
      chromium.screenshot(Path.of("target", "ui-fan-10000.png"));
      assertTrue(chromium.requests().stream().allMatch(u -> u.startsWith(url)),
          "every request went to the UI: " + chromium.requests());
    } finally {
      run.destroy(); // SIGTERM: the run stops as on Ctrl-C
      assertTrue(run.waitFor(60, TimeUnit.SECONDS), "the run stopped");
    }
    assertTrue(List.of(0, 130).contains(run.exitValue()), "exit " + run.exitValue());
  }

  private static int doneCount(Chromium chromium) throws Exception {
    return Integer.parseInt(chromium.eval("document.getElementById('done-count').textContent").asText());
  }

  /** Reads the run's output until it names the UI's address. */
  private static String address(Process run) throws Exception {
    AtomicReference<String> found = new AtomicReference<>();
    StringBuilder seen = new StringBuilder();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          synchronized (seen) {
            seen.append(line).append('\n');
          }
          Matcher m = ADDRESS.matcher(line);
          if (m.find()) {
            found.set(m.group(1));
          }
        }
      } catch (java.io.IOException e) {
        // the run ended
      }
    }, "run-output");
    reader.setDaemon(true);
    reader.start();
    Chromium.awaitCondition("the UI's address", () -> found.get() != null, Duration.ofSeconds(60));
    assertEquals(true, found.get().startsWith("http://127.0.0.1:"), found.get());
    return found.get();
  }
}
