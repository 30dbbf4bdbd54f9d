package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.switchboard.testing.PackagedService;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short crash test of issue 15 on IMAP: mail arrives in a real IMAP mailbox (GreenMail) while the
 * packaged service reads it over IDLE; the service is killed with SIGKILL once mid-burst and
 * restarted. Mail is flagged on the server only after it is committed, so the restarted watcher reads
 * what was not yet flagged again: every mail must be in the feed exactly once.
 */
class ImapCrashIT {

    private static final Logger LOG = Logger.getLogger(ImapCrashIT.class);
    private static final int MAILS = Integer.getInteger("crash.contacts", 100);
    private static final String MAILBOX = "support@crash.test";

    @TempDir
    Path work;

    @Test
    void mailSurvivesAKillNineMidBurstOnceEach() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Random random = new Random(seed);
        int killAfter = 10 + random.nextInt(MAILS * 6 / 10);
        String run = Long.toString(seed, 36);
        LOG.infof("IMAP crash test: seed %d, %d mails, kill -9 after %d stored", seed, MAILS, killAfter);
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
        Process service = app.start(work.resolve("run-1.log"));
        Process restarted = null;
        try {
            app.awaitReady(service, work.resolve("run-1.log"));
            String token = app.login();
            Session session = Session.getInstance(new Properties());
            Pattern ours = Pattern.compile("imap-crash-" + run + "-(\\d+)\\b");
            java.util.function.Function<String, String> mailOf = content -> {
                Matcher m = ours.matcher(content);
                return m.find() ? m.group(1) : null;
            };
            // Mail keeps arriving throughout; the kill comes once the service has stored a random number of it.
            Thread delivery = new Thread(() -> {
                try {
                    for (int i = 0; i < MAILS; i++) {
                        user.deliver(mail(session, run, i));
                        Thread.sleep(20);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "imap-delivery");
            delivery.start();
            int storedBeforeKill = 0;
            Instant giveUp = Instant.now().plus(Duration.ofMinutes(2));
            while (storedBeforeKill < killAfter && Instant.now().isBefore(giveUp)) {
                Thread.sleep(50);
                storedBeforeKill = app.messagesInFeed(token, mailOf).size();
            }
            assertThat(storedBeforeKill).as("the service was storing mail when it was killed").isGreaterThanOrEqualTo(killAfter);
            service.destroyForcibly();
            assertThat(service.waitFor(30, TimeUnit.SECONDS)).isTrue();
            Instant killedAt = Instant.now();
            restarted = app.start(work.resolve("run-2.log"));
            delivery.join(60_000);
            app.awaitReady(restarted, work.resolve("run-2.log"));
            Duration restart = Duration.between(killedAt, Instant.now());

            Map<String, Set<String>> eventsByMail = Map.of();
            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            while (Instant.now().isBefore(deadline)) {
                eventsByMail = app.messagesInFeed(token, mailOf);
                if (eventsByMail.size() >= MAILS) {
                    break;
                }
                Thread.sleep(1000);
            }
            Map<String, Set<String>> found = eventsByMail;
            long lost = IntStream.range(0, MAILS).filter(i -> !found.containsKey(Integer.toString(i))).count();
            long duplicated = found.values().stream().filter(ids -> ids.size() > 1).count();
            LOG.infof("IMAP crash test result: seed %d, %d mails, killed after %d stored (at least %d), restart to"
                    + " ready %d ms, %d in the feed, %d lost, %d duplicated", seed, MAILS, storedBeforeKill, killAfter,
                    restart.toMillis(), found.size(), lost, duplicated);

            assertThat(Files.readString(work.resolve("run-2.log")))
                    .as("the restart met the server the killed JVM left running")
                    .contains("from an earlier run that did not shut down");
            assertThat(lost).as("lost mails").isZero();
            assertThat(duplicated).as("duplicated mails").isZero();
            assertThat(found).hasSize(MAILS);
        } finally {
            PackagedService.stop(restarted);
            PackagedService.stop(service);
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
