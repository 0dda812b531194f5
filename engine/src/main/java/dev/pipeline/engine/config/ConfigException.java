package dev.pipeline.engine.config;

import dev.pipeline.api.error.ExitCode;
import dev.pipeline.api.error.PipelineException;
import java.nio.file.Path;

/**
 * A problem in a cfg or YAML file, or in the environment variables that feed it. The message is
 * always one line, {@code FILE:LINE: [section] key: what is wrong; what to do}, with the parts
 * that do not apply left out, so that editors and terminals can jump straight to the spot.
 */
public class ConfigException extends PipelineException {

  public ConfigException(String message) {
    super(ExitCode.USAGE, oneLine(message));
  }

  public ConfigException(String message, Throwable cause) {
    super(ExitCode.USAGE, oneLine(message), cause);
  }

  /**
   * Builds the standard message. Every argument may be null: {@code where} is {@code file:line},
   * a file alone, or an environment variable name; {@code fix} tells the user what to do.
   */
  public static ConfigException of(
      String where, String section, String key, String problem, String fix) {
    return new ConfigException(format(where, section, key, problem, fix));
  }

  /** Like {@link #of} but keeps the underlying exception as the cause, for --debug traces. */
  public static ConfigException of(
      String where, String section, String key, String problem, String fix, Throwable cause) {
    return new ConfigException(format(where, section, key, problem, fix), cause);
  }

  /** Renders {@code where: [section] key: problem; fix}; see the class comment. */
  public static String format(String where, String section, String key, String problem, String fix) {
    StringBuilder sb = new StringBuilder();
    if (where != null && !where.isEmpty()) {
      sb.append(where).append(": ");
    }
    String subject = "";
    if (section != null) {
      subject = "[" + section + "]";
    }
    if (key != null) {
      subject = subject.isEmpty() ? key : subject + " " + key;
    }
    if (!subject.isEmpty()) {
      sb.append(subject).append(": ");
    }
    sb.append(problem);
    if (fix != null && !fix.isEmpty()) {
      sb.append("; ").append(fix);
    }
    return sb.toString();
  }

  /** Renders {@code file:line}, the file alone when the line is unknown, or null. */
  public static String where(Path file, int line) {
    if (file == null) {
      return null;
    }
    return line > 0 ? file + ":" + line : file.toString();
  }

  // Values quoted into messages may span lines (indented continuations); a message must not, or
  // log scrapers and "file:line:" jump-to-error tooling break.
  private static String oneLine(String message) {
    return message == null ? "" : message.replace("\r", "\\r").replace("\n", "\\n");
  }
}
