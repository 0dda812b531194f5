package dev.pipeline.engine.report;

/** How a run shows its progress ({@code pipeline run --progress}). */
public enum ProgressMode {
  /** A live bar when standard output is a terminal; plain lines otherwise. */
  AUTO,
  /**
   * Plain lines on standard output and a live bar on the terminal ({@code /dev/tty}): for output
   * that is also copied to a log file, as run.sh does. Without a terminal, plain lines only.
   */
  BAR,
  /** Plain lines only. */
  LINES
}
