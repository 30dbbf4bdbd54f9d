package dev.switchboard.channel.email.internal;

import dev.switchboard.channel.email.EmailConfig;
import jakarta.activation.DataHandler;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.UnsupportedEncodingException;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/** Sends one message over SMTP with Jakarta Mail; blocking, so callers run it on a worker thread. */
public final class SmtpGateway {

    /** A message to send, with the headers that keep it in its thread. */
    /** @param listUnsubscribe the List-Unsubscribe header (RFC 2369) of a bulk mail, or null */
    public record Outgoing(String from, String fromName, String to, String subject, String text, String messageId,
                           String inReplyTo, List<String> references, List<File> files, String listUnsubscribe) {
    }

    /** A file to attach. */
    public record File(String filename, String contentType, byte[] data) {
    }

    /** How a send ended: sent, worth retrying (temporary), or failed for good. */
    public record Result(Outcome outcome, String detail) {
    }

    /** The three ways a send ends. */
    public enum Outcome { SENT, RETRY, FAILED }

    private SmtpGateway() {
    }

    public static Result send(EmailConfig.Smtp smtp, Duration timeout, Outgoing mail) {
        try {
            Session session = session(smtp, timeout);
            MimeMessage message = build(session, mail);
            Transport transport = session.getTransport(smtp.security() == EmailConfig.Security.SSL ? "smtps" : "smtp");
            try {
                transport.connect(smtp.host(), smtp.port(), smtp.user().orElse(null), smtp.password().orElse(null));
                transport.sendMessage(message, message.getAllRecipients());
            } finally {
                transport.close();
            }
            return new Result(Outcome.SENT, mail.messageId());
        } catch (SendFailedException e) {
            return classify(e);
        } catch (AuthenticationFailedException e) {
            // Usually an expired password or token: worth retrying once someone fixes it.
            return new Result(Outcome.RETRY, "SMTP authentication failed: " + e.getMessage());
        } catch (MessagingException | RuntimeException e) {
            return new Result(Outcome.RETRY, "SMTP: " + e.getMessage());
        }
    }

    /** 5xx on the recipient or the message is final; 4xx and anything unclear is retried. */
    private static Result classify(SendFailedException e) {
        int code = -1;
        for (Exception next = e; next != null; next = next instanceof MessagingException m ? m.getNextException() : null) {
            if (next instanceof SMTPAddressFailedException a) {
                code = a.getReturnCode();
                break;
            }
            if (next instanceof SMTPSendFailedException s) {
                code = s.getReturnCode();
                break;
            }
        }
        String detail = "SMTP " + (code > 0 ? code + " " : "") + e.getMessage();
        return new Result(code >= 500 && code < 600 ? Outcome.FAILED : Outcome.RETRY, detail);
    }

    private static Session session(EmailConfig.Smtp smtp, Duration timeout) {
        String protocol = smtp.security() == EmailConfig.Security.SSL ? "smtps" : "smtp";
        String prefix = "mail." + protocol + ".";
        Properties props = new Properties();
        props.setProperty(prefix + "connectiontimeout", Long.toString(timeout.toMillis()));
        props.setProperty(prefix + "timeout", Long.toString(timeout.toMillis()));
        props.setProperty(prefix + "writetimeout", Long.toString(timeout.toMillis()));
        props.setProperty(prefix + "auth", Boolean.toString(smtp.user().isPresent()));
        if (smtp.security() == EmailConfig.Security.STARTTLS) {
            props.setProperty(prefix + "starttls.enable", "true");
            props.setProperty(prefix + "starttls.required", "true");
        }
        if (smtp.security() != EmailConfig.Security.NONE) {
            props.setProperty(prefix + "ssl.checkserveridentity", "true");
        }
        smtp.authMechanisms().ifPresent(m -> props.setProperty(prefix + "auth.mechanisms", m));
        // A partial send would leave some recipients with the mail and a retry would send it again.
        props.setProperty(prefix + "sendpartial", "false");
        return Session.getInstance(props);
    }

    static MimeMessage build(Session session, Outgoing mail) throws MessagingException {
        MimeMessage message = new FixedIdMessage(session, mail.messageId());
        try {
            message.setFrom(new InternetAddress(mail.from(), mail.fromName(), "UTF-8"));
        } catch (UnsupportedEncodingException e) {
            message.setFrom(new InternetAddress(mail.from()));
        }
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.to()));
        message.setSubject(mail.subject(), "UTF-8");
        message.setSentDate(new Date());
        if (mail.inReplyTo() != null) {
            message.setHeader("In-Reply-To", mail.inReplyTo());
        }
        if (!mail.references().isEmpty()) {
            message.setHeader("References", String.join("\r\n ", mail.references()));
        }
        if (mail.listUnsubscribe() != null) {
            message.setHeader("List-Unsubscribe", mail.listUnsubscribe());
        }
        if (mail.files().isEmpty()) {
            message.setText(mail.text(), "UTF-8");
        } else {
            MimeMultipart mixed = new MimeMultipart("mixed");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(mail.text(), "UTF-8");
            mixed.addBodyPart(text);
            for (File f : mail.files()) {
                MimeBodyPart part = new MimeBodyPart();
                part.setDataHandler(new DataHandler(new ByteArrayDataSource(f.data(), f.contentType())));
                part.setFileName(f.filename());
                part.setDisposition(MimeBodyPart.ATTACHMENT);
                mixed.addBodyPart(part);
            }
            message.setContent(mixed);
        }
        message.saveChanges();
        return message;
    }

    /** Keeps the Message-ID we chose (and stored for threading) instead of one made up at send time. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
