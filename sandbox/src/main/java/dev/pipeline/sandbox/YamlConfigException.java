package dev.pipeline.sandbox;

import dev.pipeline.api.error.UsageException;

/**
 * A config.yaml that cannot be read or merged: a usage error (exit 2) whose one-line message reads
 * {@code where: key: problem; fix}, like the engine's cfg errors.
 */
final class YamlConfigException extends UsageException {
  private YamlConfigException(String message, Throwable cause) {
    super(message.replace("\r", "\\r").replace("\n", "\\n"), cause);
  }

  /** {@code section} is always null for YAML; kept so the message reads like a cfg error. */
  static YamlConfigException of(String where, String section, String key, String problem, String fix) {
    return of(where, section, key, problem, fix, null);
  }

  static YamlConfigException of(
      String where, String section, String key, String problem, String fix, Throwable cause) {
    StringBuilder sb = new StringBuilder();
    if (where != null && !where.isEmpty()) {
      sb.append(where).append(": ");
    }
    String subject = section == null ? "" : "[" + section + "]";
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
    return new YamlConfigException(sb.toString(), cause);
  }
}
