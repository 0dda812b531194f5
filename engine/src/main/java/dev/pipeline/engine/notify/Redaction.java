package dev.pipeline.engine.notify;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Keeps secrets out of log lines: a webhook URL's path and query (its token), the SMTP password.
 * Every text logged about a notification passes through {@link #scrub}, whatever produced it (an
 * exception message may quote a URL).
 */
final class Redaction {
  private final List<String> secrets = new ArrayList<>();

  Redaction(List<URI> webhooks, String password) {
    for (URI uri : webhooks) {
      secrets.add(uri.toString());
      if (uri.getRawPath() != null && uri.getRawPath().length() > 1) {
        secrets.add(uri.getRawPath());
      }
      if (uri.getRawQuery() != null) {
        secrets.add(uri.getRawQuery());
      }
    }
    if (password != null && !password.isEmpty()) {
      secrets.add(password);
    }
    secrets.sort(Comparator.comparingInt(String::length).reversed()); // the whole URL first
  }

  /** What a log may say about a webhook: {@code https://hooks.slack.com/…}. */
  static String webhookName(URI uri) {
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
        + "/…";
  }

  String scrub(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String s : secrets) {
      out = out.replace(s, "…");
    }
    return out;
  }

  /** The exception's class and message, scrubbed, and those of its causes. */
  String describe(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null && sb.length() < 500; t = t.getCause()) {
      if (sb.length() > 0) {
        sb.append(": ");
      }
      sb.append(t.getClass().getSimpleName());
      if (t.getMessage() != null) {
        sb.append(" (").append(t.getMessage().strip()).append(')');
      }
    }
    return scrub(sb.toString());
  }
}
