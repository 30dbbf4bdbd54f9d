package dev.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.switchboard.channel.email.internal.MailboxWatcher;
import dev.switchboard.channel.email.internal.MailboxWatcher.IncomingMail;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The watcher alone against a real IMAP server (GreenMail on free ports), with an in-memory store in
 * place of the database: what it does with a message that cannot be stored, with a database that is
 * down, and with a lease held elsewhere.
 */
class MailboxWatcherTest {

    static final String ADDRESS = "watched@switchboard.test";

    GreenMail server;
    GreenMailUser user;
    EmailConfig config;
    MemoryStore store = new MemoryStore();
    MailboxWatcher watcher;

    @BeforeEach
    void start() {
        server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
        server.start();
        user = server.setUser(ADDRESS, ADDRESS, "secret");
        int port = server.getImap().getPort();
        
        Map<String, String> values = new java.util.HashMap<>();
        values.put("switchboard.channels.email.backoff-initial", "PT0.1S");
        values.put("switchboard.channels.email.backoff-max", "PT0.2S");
        values.put("switchboard.channels.email.idle-renewal", "PT1S");
        values.put("switchboard.channels.email.max-attempts", "2");
        values.put("switchboard.channels.email.mailboxes.w.address", ADDRESS);
        values.put("switchboard.channels.email.mailboxes.w.imap.host", "127.0.0.1");
        values.put("switchboard.channels.email.mailboxes.w.imap.port", Integer.toString(port));
        values.put("switchboard.channels.email.mailboxes.w.imap.security", "none");
        values.put("switchboard.channels.email.mailboxes.w.imap.user", ADDRESS);
        values.put("switchboard.channels.email.mailboxes.w.imap.password", "secret");
        values.put("switchboard.channels.email.mailboxes.w.smtp.host", "127.0.0.1");
        SmallRyeConfig smallrye = new SmallRyeConfigBuilder().withMapping(EmailConfig.class).withDefaultValues(values)
                .build();
        config = smallrye.getConfigMapping(EmailConfig.class);
    }

    @AfterEach
    void stop() {
        if (watcher != null) {
            watcher.stop();
        }
        try {
            server.stop();
        } catch (IllegalStateException e) {
            // connections cut by the stop
        }
    }

    void watch() {
        watcher = new MailboxWatcher("w", config.mailboxes().get("w"), config, store);
        watcher.start();
    }

    void deliver(String subject) {
        user.deliver(TestMail.mail("someone@example.com", ADDRESS, subject, "text of " + subject));
    }

    StoredMessage message(String subject) {
        try {
            for (StoredMessage m : server.getManagers().getImapHostManager().getInbox(user).getMessages()) {
                if (subject.equals(m.getMimeMessage().getSubject())) {
                    return m;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return null;
    }

    @Test
    void aMessageThatCannotBeStoredIsSetAsideAndLaterMailFlows() {
        store.poison.add("poison");
        deliver("poison");
        deliver("fine");
        watch();
        await().atMost(Duration.ofSeconds(15)).until(() -> store.stored.contains("fine"));
        assertThat(store.setAside).containsExactly("poison");
        assertThat(message("poison").getFlags().contains("$SwitchboardFailed")).isTrue();
        assertThat(message("poison").getFlags().contains("$Switchboard")).isFalse();
        assertThat(message("fine").getFlags().contains("$Switchboard")).isTrue();
    }

    @Test
    void nothingIsSetAsideWhileTheDatabaseIsDown() throws Exception {
        store.databaseDown.set(true);
        deliver("waits");
        watch();
        await().atMost(Duration.ofSeconds(10)).until(() -> "DOWN".equals(watcher.status().state()));
        Thread.sleep(1500); // several rounds of backoff, more than max-attempts
        assertThat(store.setAside).isEmpty();
        assertThat(message("waits").getFlags().contains("$SwitchboardFailed")).isFalse();
        store.databaseDown.set(false);
        await().atMost(Duration.ofSeconds(10)).until(() -> store.stored.contains("waits"));
        await().atMost(Duration.ofSeconds(10)).until(() -> message("waits").getFlags().contains("$Switchboard"));
    }

    @Test
    void aLeaseHeldElsewhereKeepsTheWatcherOnStandby() {
        store.leaseFree.set(false);
        deliver("not yet");
        watch();
        await().atMost(Duration.ofSeconds(5)).until(() -> "STANDBY".equals(watcher.status().state()));
        assertThat(store.stored).isEmpty();
    }

    @Test
    void eachMessageIsStoredOnceInUidOrderAndTheCursorFollows() {
        for (int i = 0; i < 5; i++) {
            deliver("m" + i);
        }
        watch();
        await().atMost(Duration.ofSeconds(10)).until(() -> store.stored.size() == 5);
        assertThat(store.stored).containsExactly("m0", "m1", "m2", "m3", "m4");
        // The cursor moves last, after the mark on the server.
        await().atMost(Duration.ofSeconds(5)).until(() -> store.cursor[1] == message("m4").getUid());
        assertThat(message("m4").getFlags().contains("$Switchboard")).isTrue();
        deliver("m5");
        await().atMost(Duration.ofSeconds(10)).until(() -> store.stored.contains("m5"));
        assertThat(store.stored).hasSize(6);
    }

    /** The database side, in memory: stores subjects, can refuse one message or be "down". */
    static final class MemoryStore implements MailboxWatcher.MailboxStore {
        final List<String> stored = new CopyOnWriteArrayList<>();
        final List<String> setAside = new CopyOnWriteArrayList<>();
        final Set<String> poison = ConcurrentHashMap.newKeySet();
        final AtomicBoolean databaseDown = new AtomicBoolean();
        final AtomicBoolean leaseFree = new AtomicBoolean(true);
        volatile long[] cursor;

        @Override
        public long[] cursor(String mailbox) {
            if (databaseDown.get()) {
                throw new IllegalStateException("database down");
            }
            return cursor;
        }

        @Override
        public void advance(String mailbox, long uidValidity, long uid) {
            cursor = cursor != null && cursor[0] == uidValidity ? new long[]{uidValidity, Math.max(uid, cursor[1])}
                    : new long[]{uidValidity, uid};
        }

        @Override
        public boolean lease(String mailbox) {
            return leaseFree.get();
        }

        @Override
        public void release(String mailbox) {
        }

        @Override
        public void store(String mailbox, IncomingMail mail) {
            String subject = subject(mail);
            if (databaseDown.get() || poison.contains(subject)) {
                throw new IllegalStateException("cannot store " + subject);
            }
            if (!stored.contains(subject)) {
                stored.add(subject);
            }
        }

        @Override
        public void setAside(String mailbox, IncomingMail mail, String reason) {
            setAside.add(subject(mail));
        }

        private static String subject(IncomingMail mail) {
            try {
                return new MimeMessage(TestMail.SESSION, new java.io.ByteArrayInputStream(mail.raw())).getSubject();
            } catch (Exception e) {
                return new String(mail.raw(), StandardCharsets.UTF_8);
            }
        }
    }
}
