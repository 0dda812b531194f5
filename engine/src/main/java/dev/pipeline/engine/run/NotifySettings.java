package dev.pipeline.engine.run;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The cfg {@code [notify]} section: when to tell someone about a run ({@code on}), and how (webhook
 * URLs taking Slack/Mattermost JSON, and e-mail over SMTP). Errors about a webhook never show its
 * value, which carries a token; the SMTP password is read, only by the run that sends mail, from
 * the environment variable the cfg names ({@link #smtpPassword}).
 *
 * @param timeout the most one notification may take, and the most the end of a run waits for
 *     those still under way
 */
public record NotifySettings(Set<Trigger> on, List<URI> webhooks, Smtp smtp, Duration timeout) {
  /** When a notification goes out. */
  public enum Trigger {
    /** The run ended with a non-zero exit code. */
    FAILURE,
    /** The run ended, however. */
    FINISH,
    /** A task failed for good (after its retries). */
    TASK_FAILURE;

    String word() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** How the SMTP connection is protected. */
  public enum Security { STARTTLS, TLS, NONE }

  /**
   * An SMTP relay and the message's addresses.
   *
   * @param port the server's port (by default 587 for STARTTLS, 465 for TLS, 25 without)
   * @param user null to send without AUTH
   * @param passwordVariable the environment variable holding the password ({@code
   *     smtp_password_env}); null without a user
   * @param trustedCertificate a PEM file of a certificate (or CA) to trust besides the JVM's own,
   *     for a relay with a private CA; null for none
   */
  public record Smtp(String host, int port, Security security, String user, String passwordVariable,
      String from, List<String> to, java.nio.file.Path trustedCertificate) {
    public Smtp {
      to = List.copyOf(to);
    }

    @Override
    public String toString() {
      return "Smtp[" + host + ":" + port + " " + security + (user == null ? "" : " user " + user)
          + " from " + from + " to " + to + "]";
    }
  }

  private static final List<String> SMTP_KEYS = List.of("smtp_port", "smtp_security", "smtp_user",
      "smtp_password_env", "smtp_ca", "mail_from", "mail_to");

  public NotifySettings {
    on = on.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(on));
    webhooks = List.copyOf(webhooks);
  }

  /** Whether there is anywhere to send to. */
  public boolean enabled() {
    return !webhooks.isEmpty() || smtp != null;
  }

  @Override
  public String toString() {
    return "NotifySettings[on " + on + ", " + webhooks.size() + " webhook(s), " + smtp + ", timeout "
        + timeout + "]";
  }

  static NotifySettings read(SectionValues s) {
    List<URI> webhooks = webhooks(s);
    Smtp smtp = smtp(s);
    if (webhooks.isEmpty() && smtp == null) {
      for (String key : List.of("on", "timeout")) {
        if (s.given(key).isPresent()) {
          throw s.invalidWithoutValue(key, "nothing to notify", "set webhook or smtp_host too");
        }
      }
    }
    Duration timeout = s.duration("timeout");
    if (timeout.isZero() || timeout.isNegative()) {
      throw s.invalid("timeout", "write a positive duration such as 10s");
    }
    return new NotifySettings(triggers(s), webhooks, smtp, timeout);
  }

  private static Set<Trigger> triggers(SectionValues s) {
    Set<Trigger> on = EnumSet.noneOf(Trigger.class);
    for (String word : s.list("on")) {
      Trigger t = null;
      for (Trigger candidate : Trigger.values()) {
        if (candidate.word().equals(word.strip().toLowerCase(Locale.ROOT))) {
          t = candidate;
        }
      }
      if (t == null) {
        throw s.invalid("on", "write any of failure, finish, task-failure, separated by commas");
      }
      on.add(t);
    }
    return on;
  }

  /** The URLs; a bad one is named by its position only, since a webhook URL holds its token. */
  private static List<URI> webhooks(SectionValues s) {
    List<URI> out = new ArrayList<>();
    List<String> given = s.list("webhook");
    for (int i = 0; i < given.size(); i++) {
      URI uri = null;
      try {
        uri = new URI(given.get(i).strip());
      } catch (java.net.URISyntaxException e) {
        // reported below, without the value
      }
      String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (uri == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw s.invalidWithoutValue("webhook", "entry " + (i + 1) + " of " + given.size()
            + " is not an http:// or https:// URL (not shown: it holds the hook's token)",
            "write the URL your Slack or Mattermost incoming webhook gave, e.g. through ${VAR}");
      }
      out.add(uri);
    }
    return out;
  }

  private static Smtp smtp(SectionValues s) {
    String host = s.string("smtp_host");
    if (host == null) {
      for (String key : SMTP_KEYS) {
        if (s.given(key).isPresent()) {
          throw s.invalidWithoutValue(key, "no effect without smtp_host", "set smtp_host too");
        }
      }
      return null;
    }
    Security security = Security.valueOf(s.choice("smtp_security").toUpperCase(Locale.ROOT));
    int port = s.given("smtp_port").isPresent() ? s.integer("smtp_port", 1)
        : switch (security) {
          case STARTTLS -> 587;
          case TLS -> 465;
          case NONE -> 25;
        };
    if (port > 65535) {
      throw s.invalid("smtp_port", "write a port number from 1 to 65535");
    }
    String user = s.string("smtp_user");
    String passwordVariable = passwordVariable(s, user);
    String from = s.string("mail_from");
    if (from == null) {
      throw s.invalidWithoutValue("smtp_host", "mail_from is missing", "set mail_from = the sender's address");
    }
    checkAddress(s, "mail_from", from);
    List<String> to = s.list("mail_to");
    if (to.isEmpty()) {
      throw s.invalidWithoutValue("smtp_host", "mail_to is missing", "set mail_to = one or more addresses, separated by commas");
    }
    to.forEach(a -> checkAddress(s, "mail_to", a));
    java.nio.file.Path ca = s.path("smtp_ca");
    if (ca != null && !java.nio.file.Files.isReadable(ca)) {
      throw s.invalid("smtp_ca", "cannot read " + ca + "; name a PEM certificate file");
    }
    if (ca != null && security == Security.NONE) {
      throw s.invalidWithoutValue("smtp_ca", "no effect with smtp_security = none", "remove it or use starttls or tls");
    }
    return new Smtp(host, port, security, user, passwordVariable, from, to, ca);
  }

  /** The name of the variable holding the password; whether it is set is checked by the run. */
  private static String passwordVariable(SectionValues s, String user) {
    String variable = s.string("smtp_password_env");
    if (variable == null) {
      if (user != null) {
        throw s.invalidWithoutValue("smtp_user", "no password", "set smtp_password_env = the name of"
            + " the environment variable that holds it");
      }
      return null;
    }
    if (user == null) {
      throw s.invalidWithoutValue("smtp_password_env", "no effect without smtp_user", "set smtp_user too");
    }
    if (!variable.strip().matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw s.invalid("smtp_password_env", "write the name of an environment variable, such as"
          + " SMTP_PASSWORD (the password itself never goes in the cfg)");
    }
    return variable.strip();
  }

  /**
   * The SMTP password from {@code environment}, for the run that sends mail (status and the other
   * commands that read the cfg do not need it); a one-line error when the variable is not set.
   */
  public String smtpPassword(Map<String, String> environment) {
    if (smtp == null || smtp.passwordVariable() == null) {
      return null;
    }
    String password = environment.get(smtp.passwordVariable());
    if (password == null || password.isEmpty()) {
      throw dev.pipeline.engine.config.ConfigException.of(null, "notify", "smtp_password_env",
          "the environment variable " + smtp.passwordVariable() + " is not set",
          "export it before the run (the password is never written in the cfg)");
    }
    return password;
  }

  private static void checkAddress(SectionValues s, String key, String address) {
    if (!address.strip().matches("[^@\\s<>,]+@[^@\\s<>,]+")) {
      throw s.invalid(key, "'" + address.strip() + "' is not an e-mail address such as ops@example.org");
    }
  }
}
