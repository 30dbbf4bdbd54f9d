package dev.switchboard.channel.email;

import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * GreenMail (real IMAP and SMTP servers) on the ports the %test mailboxes point at, started once
 * for the JVM by the first email test; the watchers connect to it within their backoff.
 */
public final class TestMail {

    /** The ports Maven reserved for this build (build-helper), as the %test mailboxes name them. */
    static final int IMAP = Integer.getInteger("email.test-imap-port", 13943);
    static final int SMTP = Integer.getInteger("email.test-smtp-port", 13925);
    static final String SUPPORT = "support@switchboard.test";
    static final String DESK = "desk@switchboard.test";
    static final String POLLER = "poller@switchboard.test";
    private static final Map<String, String> MAILBOXES = Map.of(SUPPORT, "support-secret", DESK, "desk-secret",
            POLLER, "poller-secret");
    static final Session SESSION = Session.getInstance(new Properties());

    private static GreenMail server;
    private static boolean quietQueue;

    private TestMail() {
    }

    public static synchronized GreenMail server() {
        if (server == null) {
            start();
        }
        return server;
    }

    /** Stops the servers and starts fresh ones on the same ports (an IMAP server restart: all mail is gone). */
    static synchronized void restart() {
        stop();
        start();
    }

    static synchronized void stop() {
        try {
            server().stop();
        } catch (IllegalStateException e) {
            // GreenMail rethrows its handler threads' "socket closed" from the connections it cut: expected.
        }
    }

    static synchronized void startAgain() {
        start();
    }

    private static void start() {
        ServerSetup imap = new ServerSetup(IMAP, "127.0.0.1", ServerSetup.PROTOCOL_IMAP);
        ServerSetup smtp = new ServerSetup(SMTP, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        server = new GreenMail(new ServerSetup[]{imap, smtp});
        MAILBOXES.forEach((address, password) -> server.setUser(address, address, password));
        server.start();
    }

    static GreenMailUser user(String address) {
        GreenMailUser user = server().getUserManager().getUserByEmail(address);
        return user != null ? user : server().setUser(address, address, "secret");
    }

    /**
     * Creates the support and poller mailboxes' queue, served by a team without agents: their mail waits
     * there and is never offered to the agents of other tests (queues open to all teams would be).
     */
    static synchronized void quietQueue() {
        if (!quietQueue) {
            long team = dev.switchboard.testing.Org.team(null);
            // 409 when an earlier start of the service in this test run created it already: fine.
            dev.switchboard.testing.Api.asAdmin().body(Map.of("name", "email-support-test", "channels", List.of("EMAIL"),
                    "teams", List.of(team))).post("/api/queues");
            quietQueue = true;
        }
    }

    /** Puts a message straight into a mailbox's INBOX, as a mail server would after delivery. */
    public static void deliver(String mailbox, MimeMessage message) {
        user(mailbox).deliver(message);
    }

    static void deliverRaw(String mailbox, byte[] raw) {
        try {
            deliver(mailbox, new MimeMessage(SESSION, new ByteArrayInputStream(raw)));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A plain-text mail. */
    public static MimeMessage mail(String from, String to, String subject, String text) {
        try {
            MimeMessage m = new MimeMessage(SESSION);
            m.setFrom(new InternetAddress(from));
            m.setRecipients(MimeMessage.RecipientType.TO, to);
            m.setSubject(subject, "UTF-8");
            m.setText(text, "UTF-8");
            m.setSentDate(new java.util.Date());
            m.saveChanges();
            return m;
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The messages in a mailbox's folder, in order. */
    static List<StoredMessage> folder(String address, String folder) {
        try {
            GreenMailUser user = user(address);
            MailFolder inbox = server().getManagers().getImapHostManager().getInbox(user);
            MailFolder f = folder.equals("INBOX") ? inbox
                    : server().getManagers().getImapHostManager().getFolder(user, folder);
            return f == null ? List.of() : f.getMessages();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean flagged(StoredMessage m, String keyword) {
        return m.getFlags().contains(keyword);
    }

    static String messageId(StoredMessage m) {
        try {
            return m.getMimeMessage().getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean hasFlag(StoredMessage m, Flags.Flag flag) {
        return m.getFlags().contains(flag);
    }
}
