package dev.pipeline.engine.notify;

import dev.pipeline.engine.config.ConfigException;
import dev.pipeline.engine.config.ValueParsers;
import dev.pipeline.engine.event.RunEvent;
import dev.pipeline.engine.event.RunFinished;
import dev.pipeline.engine.event.RunListener;
import dev.pipeline.engine.event.RunStarted;
import dev.pipeline.engine.event.TaskEvent;
import dev.pipeline.engine.event.TaskState;
import dev.pipeline.engine.run.NotifySettings;
import dev.pipeline.engine.run.NotifySettings.Trigger;
import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code [notify]} section at work: a listener that sends a message to every channel when the
 * run fails or ends, or when a task fails, as {@code on} says. Sending happens on one thread per
 * channel, never on the run's threads; a channel that fails or hangs is logged (with no secret in
 * the line) and never changes the run's outcome. At the end of the run, notifications still under
 * way get at most the timeout before the run goes on without them.
 */
public final class Notifications implements RunListener {
  private static final Logger LOG = LoggerFactory.getLogger(Notifications.class);
  /** Task failures told one by one; more than that many would flood a channel. */
  static final int TASK_FAILURE_LIMIT = 10;

  private final NotifySettings settings;
  private final List<Channel> channels;
  private final List<ExecutorService> senders = new ArrayList<>();
  private final Redaction redaction;
  private final RunMessages messages = new RunMessages();
  private final AtomicInteger taskFailures = new AtomicInteger();
  private boolean closed;

  Notifications(NotifySettings settings, List<Channel> channels, String password) {
    this.settings = settings;
    this.channels = List.copyOf(channels);
    this.redaction = new Redaction(settings.webhooks(), password);
    for (Channel c : this.channels) {
      senders.add(Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pipeline-notify");
        t.setDaemon(true); // a hanging receiver never keeps the JVM alive
        return t;
      }));
    }
  }

  /**
   * The listener for {@code settings}, or empty when the cfg names nowhere to send to. The SMTP
   * password comes from {@code environment} (exit 2 when its variable is not set).
   */
  public static Optional<RunListener> create(NotifySettings settings,
      Map<String, String> environment) {
    if (!settings.enabled() || settings.on().isEmpty()) {
      return Optional.empty();
    }
    String password = settings.smtpPassword(environment);
    List<Channel> channels = new ArrayList<>();
    for (URI uri : settings.webhooks()) {
      channels.add(new WebhookChannel(uri, settings.timeout()));
    }
    if (settings.smtp() != null) {
      try {
        channels.add(new MailChannel(settings.smtp(), password, settings.timeout()));
      } catch (IOException | GeneralSecurityException e) {
        throw ConfigException.of(null, "notify", "smtp_ca", "cannot use "
            + settings.smtp().trustedCertificate() + ": " + e.getMessage(),
            "name a PEM file with the relay's certificate or its CA's");
      }
    }
    return Optional.of(new Notifications(settings, channels, password));
  }

  @Override
  public void onEvent(RunEvent event) {
    if (event instanceof RunStarted started) {
      messages.started(started);
    } else if (event instanceof TaskEvent t && t.state() == TaskState.FAILED) {
      if (settings.on().contains(Trigger.TASK_FAILURE)) {
        int n = taskFailures.incrementAndGet();
        if (n <= TASK_FAILURE_LIMIT) {
          send(messages.taskFailed(t, n == TASK_FAILURE_LIMIT));
        }
      }
    } else if (event instanceof RunFinished finished) {
      boolean failed = finished.summary().exitCode().code() != 0;
      if (settings.on().contains(Trigger.FINISH)
          || failed && settings.on().contains(Trigger.FAILURE)) {
        send(messages.finished(finished));
      }
    }
  }

  private void send(Message message) {
    for (int i = 0; i < channels.size(); i++) {
      Channel channel = channels.get(i);
      senders.get(i).execute(() -> deliver(channel, message));
    }
  }

  private void deliver(Channel channel, Message message) {
    try {
      channel.send(message);
      LOG.debug("notification sent to {}: {}", channel.name(), message.subject());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception | LinkageError e) {
      LOG.warn("notification to {} failed: {}", channel.name(), redaction.describe(e));
    }
  }

  /** Waits for notifications under way, at most the timeout in all; then gives up on them. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    senders.forEach(ExecutorService::shutdown);
    long deadline = System.nanoTime() + settings.timeout().plus(Duration.ofMillis(500)).toNanos();
    for (int i = 0; i < senders.size(); i++) {
      ExecutorService sender = senders.get(i);
      try {
        long left = deadline - System.nanoTime();
        if (!sender.awaitTermination(Math.max(0, left), TimeUnit.NANOSECONDS)) {
          LOG.warn("notification to {} did not finish within {}; the run ends without it",
              channels.get(i).name(), ValueParsers.formatDuration(settings.timeout()));
          sender.shutdownNow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        senders.forEach(ExecutorService::shutdownNow);
        return;
      }
    }
  }
}
