package dev.pipeline.engine.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.pipeline.api.Family;
import dev.pipeline.api.Param;
import dev.pipeline.api.Task;
import dev.pipeline.api.TaskContext;
import dev.pipeline.api.TaskFailedException;
import dev.pipeline.api.error.ExitCode;
import dev.pipeline.api.targets.local.LocalFileTarget;
import dev.pipeline.engine.config.ConfigException;
import dev.pipeline.engine.config.ConfigLoader;
import dev.pipeline.engine.config.PipelineConfig;
import dev.pipeline.engine.event.RunListener;
import dev.pipeline.engine.event.RunSummary;
import dev.pipeline.engine.notify.Receivers.Hook;
import dev.pipeline.engine.notify.Receivers.TlsKey;
import dev.pipeline.engine.run.BuiltinSettings;
import dev.pipeline.engine.run.NotifySettings;
import dev.pipeline.engine.scheduler.RunOptions;
import dev.pipeline.engine.scheduler.Scheduler;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * {@code [notify]} against real receivers: JDK HTTP servers (one that answers 200, one 500, one
 * that never answers), GreenMail (SMTP with AUTH) and SubEthaSMTP (STARTTLS required, since
 * GreenMail has none). A notification that fails or hangs is logged and the run ends on time with
 * its own exit code.
 */
class NotificationsTest {
  private static final String PASSWORD = "s3cret-mail-pass";
  private static final String TOKEN = "T000-B000-XXXXXXXXsecrettoken";

  @RegisterExtension
  static final GreenMailExtension MAIL = new GreenMailExtension(
      new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
      .withConfiguration(GreenMailConfiguration.aConfig().withUser("ops@example.org", "ops", PASSWORD));

  @TempDir Path tmp;

  private Map<String, String> environment = Map.of();

  private NotifySettings settings(String section, Map<String, String> env) throws IOException {
    Path cfg = tmp.resolve("notify.cfg");
    Files.writeString(cfg, "[notify]\n" + section);
    PipelineConfig config = ConfigLoader.load(cfg, env);
    environment = env;
    NotifySettings settings = BuiltinSettings.read(config, env).notifications();
    Notifications.create(settings, env); // what the run checks before it starts
    return settings;
  }

  private record Ran(RunSummary summary, long millis) {}

  private Ran run(NotifySettings settings, boolean fail) throws IOException {
    Probe probe = new Probe();
    probe.fail = fail;
    probe.out = tmp.resolve("out-" + fail);
    Scheduler scheduler = new Scheduler(RunOptions.defaults(Files.createDirectories(tmp.resolve("run")))
        .withCaptureOutput(false));
    RunListener listener = Notifications.create(settings, environment).orElseThrow();
    scheduler.listener(listener);
    long start = System.nanoTime();
    RunSummary summary = scheduler.run(List.of(probe));
    return new Ran(summary, (System.nanoTime() - start) / 1_000_000);
  }

  @Test
  void webhook_taskFailureAndRunFailure_slackJson() throws IOException {
    try (Hook hook = new Hook(200)) {
      Ran ran = run(settings("on = failure, task-failure\nwebhook = " + hook.url(TOKEN) + "\n",
          Map.of()), true);
      assertEquals(ExitCode.TASK_FAILED, ran.summary().exitCode());
      assertEquals(2, hook.bodies.size(), hook.bodies.toString());
      assertTrue(hook.bodies.get(0).matches("\\{\"text\":\"Task NotifyProbe\\(.*failed \\(attempt 1\\).*"
          + "probe failed on purpose.*\"} content-type=application/json"), hook.bodies.get(0));
      assertTrue(hook.bodies.get(1).startsWith("{\"text\":\"Run of NotifyProbe("), hook.bodies.get(1));
      assertTrue(hook.bodies.get(1).contains("failed (exit code 3)"), hook.bodies.get(1));
      assertTrue(hook.bodies.get(1).contains("Failed: NotifyProbe("), hook.bodies.get(1));
    }
  }

  @Test
  void webhook_onFailureOnly_saysNothingAboutASuccess_onFinishDoes() throws IOException {
    try (Hook hook = new Hook(200)) {
      assertEquals(ExitCode.OK, run(settings("webhook = " + hook.url(TOKEN) + "\n", Map.of()), false)
          .summary().exitCode());
      assertEquals(List.of(), hook.bodies);
      Files.deleteIfExists(tmp.resolve("out-false"));
      run(settings("on = finish\nwebhook = " + hook.url(TOKEN) + "\n", Map.of()), false);
      assertEquals(1, hook.bodies.size(), hook.bodies.toString());
      assertTrue(hook.bodies.get(0).contains("finished (exit code 0)"), hook.bodies.get(0));
    }
  }

  @Test
  void failingAndHangingReceivers_runEndsOnTimeWithItsOwnExitCode() throws IOException {
    try (Hook broken = new Hook(500); Hook hanging = new Hook(0); Hook good = new Hook(200)) {
      NotifySettings s = settings("on = failure, task-failure\ntimeout = 1s\nwebhook = "
          + broken.url(TOKEN) + ", " + hanging.url(TOKEN) + ", " + good.url(TOKEN) + "\n", Map.of());
      Ran ran = run(s, true);
      assertEquals(ExitCode.TASK_FAILED, ran.summary().exitCode());
      // two notifications to a hook that hangs: at most the timeout each plus the wait at the end
      assertTrue(ran.millis() < 6_000, "the run took " + ran.millis() + " ms");
      assertEquals(2, broken.bodies.size());
      assertEquals(2, good.bodies.size(), "the good hook is not held up by the others");

      ran = run(s, false);
      assertEquals(ExitCode.OK, ran.summary().exitCode());
    }
  }

  @Test
  void mail_smtpAuth_passwordFromTheEnvironment() throws Exception {
    NotifySettings s = settings("on = failure\nsmtp_host = 127.0.0.1\nsmtp_port = "
        + MAIL.getSmtp().getPort() + "\nsmtp_security = none\nsmtp_user = ops\n"
        + "smtp_password_env = MAIL_PASSWORD\nmail_from = pipeline@example.org\n"
        + "mail_to = ops@example.org, ml@example.org\n", Map.of("MAIL_PASSWORD", PASSWORD));
    assertFalse(s.toString().contains(PASSWORD), s.toString());
    assertEquals(ExitCode.TASK_FAILED, run(s, true).summary().exitCode());

    assertTrue(MAIL.waitForIncomingEmail(5_000, 2));
    MimeMessage first = MAIL.getReceivedMessages()[0];
    assertTrue(first.getSubject().startsWith("pipeline: NotifyProbe("), first.getSubject());
    assertTrue(first.getSubject().endsWith(" failed"), first.getSubject());
    assertTrue(((String) first.getContent()).contains("probe failed on purpose"));
  }

  @Test
  void mail_startTlsRequired_trustingThePemOfSmtpCa() throws Exception {
    TlsKey key = TlsKey.create(tmp);
    List<String> received = new CopyOnWriteArrayList<>();
    List<String> logins = new CopyOnWriteArrayList<>();
    SMTPServer server = SMTPServer.port(0).bindAddress(InetAddress.getLoopbackAddress())
        .hostName("localhost")
        .startTlsSocketFactory(key.context())
        .requireTLS()
        .authenticationHandlerFactory(new EasyAuthenticationHandlerFactory((user, password, context) -> {
          if (!PASSWORD.equals(password)) {
            throw new LoginFailedException();
          }
          logins.add(user); // requireTLS: the server takes AUTH only after STARTTLS
        }))
        .requireAuth()
        .messageHandler((context, from, to, data) -> received.add(from + " -> " + to + "\n"
            + new String(data, java.nio.charset.StandardCharsets.UTF_8)))
        .build();
    server.start();
    try {
      NotifySettings s = settings("on = finish\nsmtp_host = localhost\nsmtp_port = "
          + server.getPortAllocated() + "\nsmtp_user = ops\nsmtp_password_env = MAIL_PASSWORD\n"
          + "smtp_ca = " + key.certificate() + "\nmail_from = pipeline@example.org\n"
          + "mail_to = ops@example.org\n", Map.of("MAIL_PASSWORD", PASSWORD));
      assertEquals(NotifySettings.Security.STARTTLS, s.smtp().security());
      assertEquals(ExitCode.OK, run(s, false).summary().exitCode());
    } finally {
      server.stop();
    }
    assertEquals(List.of("ops"), logins);
    assertEquals(1, received.size(), received.toString());
    assertTrue(received.get(0).startsWith("pipeline@example.org -> ops@example.org\n"));
    assertTrue(received.get(0).contains("finished (exit code 0)"), received.get(0));
  }

  @Test
  void mail_startTlsRequired_serverWithoutIt_isAFailedNotificationNotAFailedRun() throws Exception {
    NotifySettings s = settings("on = failure\ntimeout = 2s\nsmtp_host = 127.0.0.1\nsmtp_port = "
        + MAIL.getSmtp().getPort() + "\nmail_from = pipeline@example.org\nmail_to = ops@example.org\n",
        Map.of());
    Ran ran = run(s, true);
    assertEquals(ExitCode.TASK_FAILED, ran.summary().exitCode());
    assertEquals(0, MAIL.getReceivedMessages().length, "nothing goes out in clear text");
  }

  @Test
  void badSettings_oneLineErrorsThatNeverQuoteASecret() {
    assertEquals(error("on = failur\nwebhook = http://h/x\n", Map.of()),
        "notify.cfg:2: [notify] on: wrong value 'failur'; write any of failure, finish, task-failure,"
            + " separated by commas");
    String bad = error("webhook = hooks.example.org/" + TOKEN + "\n", Map.of());
    assertFalse(bad.contains(TOKEN), bad);
    assertTrue(bad.contains("[notify] webhook: entry 1 of 1 is not an http:// or https:// URL"), bad);
    assertTrue(error("on = finish\n", Map.of()).contains("[notify] on: nothing to notify; set"
        + " webhook or smtp_host too"));
    assertTrue(error("mail_to = a@b.c\n", Map.of()).contains("[notify] mail_to: no effect without"
        + " smtp_host"));
    assertTrue(error("smtp_host = h\nsmtp_user = u\nmail_from = a@b.c\nmail_to = a@b.c\n", Map.of())
        .contains("[notify] smtp_user: no password; set smtp_password_env"));
    String unset = error("smtp_host = h\nsmtp_user = u\nsmtp_password_env = NOPE\nmail_from = a@b.c\n"
        + "mail_to = a@b.c\n", Map.of());
    assertTrue(unset.contains("the environment variable NOPE is not set"), unset);
    assertTrue(error("smtp_host = h\nmail_from = a@b.c\nmail_to = nobody\n", Map.of())
        .contains("'nobody' is not an e-mail address"));
  }

  private String error(String section, Map<String, String> env) {
    String message = assertThrows(ConfigException.class, () -> settings(section, env)).getMessage();
    assertFalse(message.contains("\n"), message);
    return message.replace(tmp.toString() + "/", "");
  }

  /** Fails on purpose, or writes its output. */
  @Family("NotifyProbe")
  public static final class Probe extends Task {
    @Param boolean fail;
    @Param Path out;

    @Override
    public Object output() {
      return LocalFileTarget.of(out);
    }

    @Override
    public void run(TaskContext context) throws IOException, TaskFailedException {
      if (fail) {
        throw new TaskFailedException("probe failed on purpose", false);
      }
      LocalFileTarget.of(out).writeString("ok");
    }
  }
}
