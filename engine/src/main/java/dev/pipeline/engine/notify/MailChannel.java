package dev.pipeline.engine.notify;

import dev.pipeline.engine.run.NotifySettings.Security;
import dev.pipeline.engine.run.NotifySettings.Smtp;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Date;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * E-mail through an SMTP relay with Angus Mail (the Jakarta Mail implementation): STARTTLS
 * (required, not merely attempted), implicit TLS or a plain connection, AUTH when a user is set,
 * the server's certificate and host name checked, every wait bounded by the timeout.
 */
final class MailChannel implements Channel {
  private final Smtp smtp;
  private final String password;
  private final Session session;

  MailChannel(Smtp smtp, String password, Duration timeout)
      throws IOException, GeneralSecurityException {
    this.smtp = smtp;
    this.password = password;
    this.session = Session.getInstance(properties(smtp, timeout));
  }

  @Override
  public String name() {
    return "mail via " + smtp.host() + ":" + smtp.port();
  }

  @Override
  public void send(dev.pipeline.engine.notify.Message message) throws MessagingException {
    MimeMessage mail = new MimeMessage(session);
    mail.setFrom(new InternetAddress(smtp.from(), true));
    for (String to : smtp.to()) {
      mail.addRecipient(RecipientType.TO, new InternetAddress(to, true));
    }
    mail.setSubject(message.subject(), "UTF-8");
    mail.setText(message.text(), "UTF-8");
    mail.setSentDate(new Date());
    if (smtp.user() != null) {
      Transport.send(mail, smtp.user(), password);
    } else {
      Transport.send(mail);
    }
  }

  private static Properties properties(Smtp smtp, Duration timeout)
      throws IOException, GeneralSecurityException {
    String millis = Long.toString(Math.max(1, timeout.toMillis()));
    Properties p = new Properties();
    p.put("mail.transport.protocol", "smtp");
    p.put("mail.smtp.host", smtp.host());
    p.put("mail.smtp.port", Integer.toString(smtp.port()));
    p.put("mail.smtp.connectiontimeout", millis);
    p.put("mail.smtp.timeout", millis);
    p.put("mail.smtp.writetimeout", millis);
    p.put("mail.smtp.auth", Boolean.toString(smtp.user() != null));
    if (smtp.security() == Security.STARTTLS) {
      p.put("mail.smtp.starttls.enable", "true");
      p.put("mail.smtp.starttls.required", "true"); // never fall back to sending in clear text
    } else if (smtp.security() == Security.TLS) {
      p.put("mail.smtp.ssl.enable", "true");
    }
    if (smtp.security() != Security.NONE) {
      p.put("mail.smtp.ssl.checkserveridentity", "true");
      if (smtp.trustedCertificate() != null) {
        p.put("mail.smtp.ssl.socketFactory", trusting(smtp).getSocketFactory());
      }
    }
    return p;
  }

  /** TLS that trusts the certificates of the {@code smtp_ca} PEM file (and only those). */
  private static SSLContext trusting(Smtp smtp) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(smtp.trustedCertificate())) {
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("smtp_ca-" + i++, c);
      }
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
