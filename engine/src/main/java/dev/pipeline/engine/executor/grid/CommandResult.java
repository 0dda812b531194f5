package dev.pipeline.engine.executor.grid;

import java.util.List;

/** What a batch-system command printed, for parsing and for error messages. */
public record CommandResult(List<String> argv, int exitCode, String stdout, String stderr) {
  public CommandResult {
    argv = List.copyOf(argv);
    stdout = stdout == null ? "" : stdout;
    stderr = stderr == null ? "" : stderr;
  }

  public boolean ok() {
    return exitCode == 0;
  }

  /** A multi-line block for logs and failures: the command, its status and what it printed. */
  public String describe() {
    String out = (stdout + (stderr.isEmpty() ? "" : "\n" + stderr)).strip();
    if (out.length() > 2000) {
      out = out.substring(0, 2000) + "...";
    }
    return "- command: " + String.join(" ", argv) + "\n- exit status: " + exitCode
        + "\n- output: " + (out.isEmpty() ? "(none)" : out.replace("\n", "\n    "));
  }
}
