package dev.pipeline.engine.report;

/**
 * Counts of one run's tasks and their rendering,
 * {@code [#####---------------] 523/10000 done, 2 running, 0 failed, ETA 1m20s}. ASCII only: a
 * log file or a terminal in the C locale shows it as is.
 *
 * @param total tasks to run
 * @param skipped tasks that will not run because a requirement failed or the run stopped
 */
record Progress(int total, int done, int running, int failed, int skipped) {
  static final int BAR_WIDTH = 20;

  /** Tasks that reached a final state. */
  int finished() {
    return done + failed + skipped;
  }

  /** The whole line; {@code elapsedNanos} since the run started gives the ETA. */
  String render(long elapsedNanos) {
    StringBuilder sb = new StringBuilder(80).append(bar()).append(' ')
        .append(done).append('/').append(total).append(" done, ")
        .append(running).append(" running, ")
        .append(failed).append(" failed");
    if (skipped > 0) {
      sb.append(", ").append(skipped).append(" skipped");
    }
    int finished = finished();
    if (finished > 0 && finished < total) {
      double remaining = elapsedNanos / 1e9 / finished * (total - finished);
      sb.append(", ETA ").append(formatSeconds(remaining));
    }
    return sb.toString();
  }

  /**
   * The line in at most {@code width} characters: without the bar when it does not fit, then cut.
   * A line as wide as the terminal wraps, and each redraw would leave the wrapped part behind.
   */
  String render(long elapsedNanos, int width) {
    String line = render(elapsedNanos);
    if (line.length() <= width) {
      return line;
    }
    line = line.substring(BAR_WIDTH + 3);
    return line.length() <= width ? line : line.substring(0, Math.max(0, width));
  }

  String bar() {
    int filled = total == 0 ? BAR_WIDTH : (int) ((long) Math.min(finished(), total) * BAR_WIDTH / total);
    return "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "]";
  }

  static String formatSeconds(double s) {
    long total = Math.round(s);
    return total >= 3600 ? String.format("%dh%02dm", total / 3600, total % 3600 / 60)
        : total >= 60 ? String.format("%dm%02ds", total / 60, total % 60) : total + "s";
  }
}
