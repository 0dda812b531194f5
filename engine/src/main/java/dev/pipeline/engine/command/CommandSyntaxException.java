package dev.pipeline.engine.command;

/**
 * A command line that cannot be split, or that would run a value as code: what is wrong, where
 * (a 1-based character position, 0 for the whole line) and what to write instead. Callers add the
 * file and key (cfg) or the template's name (sweeps).
 */
public final class CommandSyntaxException extends IllegalArgumentException {
  private final String problem;
  private final int column;
  private final String fix;

  public CommandSyntaxException(String problem, int column, String fix) {
    super(problem + (column > 0 ? " at character " + column : "") + "; " + fix);
    this.problem = problem;
    this.column = column;
    this.fix = fix;
  }

  public String problem() {
    return problem;
  }

  /** 1-based position in the command line, or 0 when the problem is not at one place. */
  public int column() {
    return column;
  }

  public String fix() {
    return fix;
  }
}
