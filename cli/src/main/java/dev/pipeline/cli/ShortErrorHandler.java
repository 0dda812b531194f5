package dev.pipeline.cli;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.api.error.IoFaults;
import dev.pipeline.api.error.PipelineException;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** One line per error, the matching exit code, and a stack trace only with --stacktrace. */
final class ShortErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {
  @Override
  public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
    boolean trace = Arrays.asList(parsed.originalArgs().toArray(new String[0])).contains("--stacktrace");
    if (e instanceof PipelineException p) {
      cli.getErr().println("error: " + p.getMessage());
      if (trace) {
        p.printStackTrace(cli.getErr());
      }
      return p.exitCode().code();
    }
    if (IoFaults.isIoFault(e)) {
      // A file system that is full, read-only or gone is the user's environment, not a bug.
      cli.getErr().println("error: " + IoFaults.describe("write", e));
      if (trace) {
        e.printStackTrace(cli.getErr());
      }
      return ExitCode.USAGE.code();
    }
    cli.getErr().println("internal error: " + e
        + (trace ? "" : " (run again with --stacktrace for details)"));
    if (trace) {
      e.printStackTrace(cli.getErr());
    }
    return ExitCode.INTERNAL.code();
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    cli.getErr().println("error: " + e.getMessage());
    cli.getErr().println("Run '" + cli.getCommandSpec().qualifiedName() + " --help' for usage.");
    return ExitCode.USAGE.code();
  }
}
