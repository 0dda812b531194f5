package dev.pipeline.engine.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The controlling terminal's width in columns, as {@code stty size} reports it ($COLUMNS is
 * rarely exported to programs). Asked again at most every few seconds so a resized window is
 * followed; 80 when it cannot be known.
 */
final class TerminalWidth implements IntSupplier {
  static final int DEFAULT = 80;
  private static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(5);

  private int columns;
  private long askedAt;
  private boolean asked;

  private TerminalWidth() {}

  static IntSupplier cached() {
    return new TerminalWidth();
  }

  @Override
  public synchronized int getAsInt() {
    long now = System.nanoTime();
    if (!asked || now - askedAt >= REFRESH_NANOS) {
      asked = true;
      askedAt = now;
      columns = ask();
    }
    return columns;
  }

  private static int ask() {
    try {
      Process p = new ProcessBuilder("sh", "-c", "stty size < /dev/tty")
          .redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      if (!p.waitFor(2, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return fromEnvironment();
      }
      String[] parts = text.split("\\s+");
      int cols = parts.length == 2 ? Integer.parseInt(parts[1]) : 0;
      return cols > 0 ? cols : fromEnvironment();
    } catch (IOException | NumberFormatException e) {
      return fromEnvironment();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fromEnvironment();
    }
  }

  private static int fromEnvironment() {
    try {
      String env = System.getenv("COLUMNS");
      return env != null ? Integer.parseInt(env.trim()) : DEFAULT;
    } catch (NumberFormatException e) {
      return DEFAULT;
    }
  }
}
