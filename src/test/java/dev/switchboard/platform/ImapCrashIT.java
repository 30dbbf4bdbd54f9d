package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.switchboard.testing.CrashRun;
import dev.switchboard.testing.PackagedService;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test of issue 15 on IMAP: mail arrives in a real IMAP mailbox (GreenMail) while the packaged service
 * reads it over IDLE; the service is killed with SIGKILL mid-burst and restarted at once. Mail is flagged on the
 * server only after it is committed, so the restarted watcher reads what was not yet flagged again: every mail must
 * be in the feed exactly once. In the normal build: 100 mails, one kill; the crash program ({@code -Pcrash}) runs
 * it with 1,000 mails and three kills.
 */
class ImapCrashIT {

    private static final String MAILBOX = "support@crash.test";
    /** Between two mails' arrivals; the crash program spaces them so that mail keeps arriving across its kills. */
    private static final long INTERVAL_MS = Long.getLong("crash.mail-interval-ms", 20);

    @TempDir
    Path work;

    @Test
    void mailSurvivesKillNinesMidBurstOnceEach() throws Exception {
        GreenMail imap = new GreenMail(new ServerSetup(PackagedService.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
        imap.start();
        GreenMailUser user = imap.setUser(MAILBOX, MAILBOX, "crash-secret");
        String box = "switchboard.channels.email.mailboxes.crash.";
        PackagedService app = new PackagedService(work, List.of(
                // The killed instance's lease on the mailbox must lapse before the restarted one may watch it.
                "switchboard.channels.email.lease-duration=PT5S",
                box + "address=" + MAILBOX,
                box + "imap.host=127.0.0.1", box + "imap.port=" + imap.getImap().getPort(), box + "imap.security=none",
                box + "imap.user=" + MAILBOX, box + "imap.password=crash-secret",
                box + "smtp.host=127.0.0.1", box + "smtp.port=" + PackagedService.freePort(), box + "smtp.security=none"));
        CrashRun crash = CrashRun.of("IMAP", app, work);
        int mails = crash.contacts;
        String run = crash.label();
        try {
            crash.start();
            String token = app.login();
            Session session = Session.getInstance(new Properties());
            Pattern ours = Pattern.compile("imap-crash-" + run + "-(\\d+)\\b");
            java.util.function.Function<String, String> mailOf = content -> {
                Matcher m = ours.matcher(content);
                return m.find() ? m.group(1) : null;
            };
            // Mail keeps arriving throughout; each kill comes once the service has stored a random number of it.
            Thread delivery = new Thread(() -> {
                try {
                    for (int i = 0; i < mails; i++) {
                        user.deliver(mail(session, run, i));
                        Thread.sleep(INTERVAL_MS);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "imap-delivery");
            delivery.start();
            PackagedService.FeedFollower stored = app.new FeedFollower(token, event -> {
                String content = event.getString("content");
                return content == null ? null : mailOf.apply(content);
            });
            crash.killAtEachPoint(stored::distinct, Duration.ofMinutes(3));
            delivery.join(600_000);

            Map<String, Set<String>> eventsByMail = Map.of();
            Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
            while (Instant.now().isBefore(deadline)) {
                eventsByMail = app.messagesInFeed(token, mailOf);
                if (eventsByMail.size() >= mails) {
                    break;
                }
                Thread.sleep(1000);
            }
            Map<String, Set<String>> found = eventsByMail;
            long lost = IntStream.range(0, mails).filter(i -> !found.containsKey(Integer.toString(i))).count();
            long duplicated = found.values().stream().filter(ids -> ids.size() > 1).count();
            crash.report("unflagged mail read again", found.size(), lost, duplicated);

            assertThat(crash.failedStarts()).as("failed starts").isZero();
            assertThat(lost).as("lost mails").isZero();
            assertThat(duplicated).as("duplicated mails").isZero();
            assertThat(found).hasSize(mails);
        } finally {
            crash.stop();
            imap.stop();
        }
    }

    private static MimeMessage mail(Session session, String run, int i) throws Exception {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress("customer-" + run + "-" + i + "@example.com"));
        m.setRecipients(MimeMessage.RecipientType.TO, MAILBOX);
        m.setSubject("Question " + i, "UTF-8");
        m.setText("imap-crash-" + run + "-" + i + " please call me back", "UTF-8");
        m.setSentDate(new java.util.Date());
        m.saveChanges();
        return m;
    }
}
