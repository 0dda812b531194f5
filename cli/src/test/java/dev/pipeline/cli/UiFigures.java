package dev.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The UI figures of bench/fig-ui.sh (not a test: it runs only when that script sets
 * PIPELINE_BENCH_UI=1): first paint of a 100,000-task run's page and the cost of --ui with an
 * open page on Fan 10,000, through bin/pipeline and a real headless Chromium. Writes CSV rows
 * to target/fig-ui.csv.
 */
@EnabledIfEnvironmentVariable(named = "PIPELINE_BENCH_UI", matches = "1")
class UiFigures {
  private static final Path PIPELINE = Path.of("..", "bin", "pipeline").toAbsolutePath().normalize();
  private final int repeats = Integer.parseInt(System.getenv().getOrDefault("REPEATS", "5"));
  private final Path work = Path.of(System.getenv("PIPELINE_BENCH_DIR"));

  @Test
  void figures() throws Exception {
    List<String> rows = new ArrayList<>();
    try (Chromium chromium = new Chromium()) {
      rows.add("ui_first_paint_100k," + firstPaint(chromium) + ",ms,2000");
      rows.add("ui_overhead_fan10k," + overhead(chromium) + ",%,5");
    }
    Files.write(Path.of("target", "fig-ui.csv"), rows);
  }

  private long firstPaint(Chromium chromium) throws Exception {
    Process ui = new ProcessBuilder(PIPELINE.toString(), "ui", "--run-dir",
        work.resolve("fan100k").toString(), "--port", Integer.toString(freePort()))
        .redirectErrorStream(true).start();
    try {
      String line = new BufferedReader(new InputStreamReader(ui.getInputStream(),
          StandardCharsets.UTF_8)).readLine();
      String url = line.substring(line.indexOf("open ") + 5, line.indexOf(" (Ctrl-C"));
      List<Long> paints = new ArrayList<>();
      for (int r = 0; r < repeats; r++) {
        chromium.navigate("about:blank");
        chromium.navigate(url);
        chromium.await("the first paint", "document.body && document.body.dataset.firstPaintMs",
            Duration.ofSeconds(120));
        paints.add(chromium.eval("+document.body.dataset.firstPaintMs").asLong());
      }
      return median(paints);
    } finally {
      ui.destroy();
      ui.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private String overhead(Chromium chromium) throws Exception {
    List<Long> plain = new ArrayList<>();
    List<Long> served = new ArrayList<>();
    for (int r = 0; r < repeats; r++) {
      plain.add(timedFan("plain" + r, null, chromium));
      served.add(timedFan("served" + r, freePort(), chromium));
    }
    long a = median(plain);
    long b = median(served);
    System.err.printf("# Fan 10,000 medians: %d ms without --ui, %d ms with --ui and a page%n", a, b);
    return String.format(java.util.Locale.ROOT, "%.1f", 100.0 * (b - a) / a);
  }

  /** Wall ms of one Fan 10,000 run; with a port, its page is opened as soon as it listens. */
  private long timedFan(String name, Integer port, Chromium chromium) throws Exception {
    Path dir = work.resolve(name);
    List<String> command = new ArrayList<>(List.of(PIPELINE.toString(), "run", "Fan", "--n",
        "10000", "--out", dir.toString(), "--run-dir", dir.toString(), "--workers", "2",
        "--progress", "lines"));
    if (port != null) {
      command.addAll(List.of("--ui", port.toString()));
    }
    chromium.navigate("about:blank");
    long start = System.nanoTime();
    Process run = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (port != null) {
      while (run.isAlive() && !listening(port)) {
        Thread.sleep(5);
      }
      if (run.isAlive()) {
        chromium.navigate("http://127.0.0.1:" + port + "/");
      }
    }
    assertEquals(0, run.waitFor(), "pipeline " + command);
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get((sorted.size() - 1) / 2);
  }
}
