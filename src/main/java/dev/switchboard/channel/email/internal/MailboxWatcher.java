package dev.switchboard.channel.email.internal;

import dev.switchboard.channel.email.EmailConfig;
import jakarta.mail.FolderClosedException;
import jakarta.mail.MessagingException;
import jakarta.mail.StoreClosedException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Watches one mailbox on its own thread: IDLE where the server has it, polling where not, and a
 * reconnect with exponential backoff after any failure. Each new message is handed to the
 * {@link MailboxStore} (which commits it) and only then marked on the server; the cursor moves last.
 * A crash anywhere in between leaves the message unmarked, and the store recognises it next time.
 */
public final class MailboxWatcher implements Runnable {

    private static final Logger LOG = Logger.getLogger(MailboxWatcher.class);
    /** Messages listed per round trip: a first run on a full mailbox reads it in slices. */
    private static final int BATCH = 200;

    /** What the watcher needs from the rest of the application; every call blocks until committed. */
    public interface MailboxStore {
        /** The UIDVALIDITY and last UID done, or null when the mailbox was never read. */
        long[] cursor(String mailbox);

        void advance(String mailbox, long uidValidity, long uid);

        /** Takes or renews this instance's lease of the mailbox; false when another instance holds it. */
        boolean lease(String mailbox);

        void release(String mailbox);

        /** Stores one message (idempotently: a message seen before is recognised and not stored twice). */
        void store(String mailbox, IncomingMail mail);

        /** Records that a message could not be stored after every attempt. */
        void setAside(String mailbox, IncomingMail mail, String reason);
    }

    /** One message as read from the server. */
    public record IncomingMail(long uidValidity, long uid, byte[] raw, long size, boolean truncated,
                               Instant receivedAt) {
    }

    /** What the health check shows. */
    public record Status(String state, boolean idle, String lastError, Instant since, Instant lastMessageAt) {
    }

    private final String name;
    private final EmailConfig.Mailbox mailbox;
    private final EmailConfig config;
    private final MailboxStore store;
    private final Map<Long, Integer> attempts = new HashMap<>();
    private final AtomicReference<Status> status = new AtomicReference<>(new Status("STARTING", false, null, Instant.now(), null));
    private volatile boolean stopped;
    private volatile ImapMailbox current;
    private volatile Thread thread;

    public MailboxWatcher(String name, EmailConfig.Mailbox mailbox, EmailConfig config, MailboxStore store) {
        this.name = name;
        this.mailbox = mailbox;
        this.config = config;
        this.store = store;
    }

    public void start() {
        Thread t = new Thread(this, "email-watcher-" + name);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Stops the watcher and waits for its thread; a message being stored is finished or left unmarked. */
    public void stop() {
        stopped = true;
        ImapMailbox box = current;
        if (box != null) {
            box.interruptIdle();
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive() && box != null) {
                box.abort();
            }
        }
        status("STOPPED", false, null);
    }

    public Status status() {
        return status.get();
    }

    public String name() {
        return name;
    }

    @Override
    public void run() {
        Duration backoff = config.backoffInitial();
        int failures = 0;
        while (!stopped) {
            try {
                if (!store.lease(name)) {
                    status("STANDBY", false, "another instance holds the lease");
                    sleep(config.leaseDuration().dividedBy(3));
                    continue;
                }
                try (ImapMailbox box = ImapMailbox.open(mailbox.imap(), config.socketTimeout())) {
                    current = box;
                    status("CONNECTED", box.idleSupported(), null);
                    backoff = config.backoffInitial();
                    LOG.infof("Mailbox %s: connected to %s (%s)%s", name, box, box.idleSupported() ? "IDLE" : "polling",
                            failures == 0 ? "" : " after " + failures + " failed attempts");
                    failures = 0;
                    watch(box);
                } finally {
                    current = null;
                }
            } catch (Exception e) {
                if (stopped) {
                    break;
                }
                status("DOWN", false, describe(e));
                // Logged once per outage; the health check shows it for as long as it lasts.
                if (failures++ == 0) {
                    LOG.warnf("Mailbox %s: %s; reconnecting with backoff", name, describe(e));
                } else {
                    LOG.debugf("Mailbox %s: %s; reconnecting in %s", name, describe(e), backoff);
                }
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(config.backoffMax()) > 0 ? config.backoffMax()
                        : backoff.multipliedBy(2);
            }
        }
        try {
            store.release(name);
        } catch (RuntimeException e) {
            LOG.debugf("Mailbox %s: lease not released (%s); it lapses", name, describe(e));
        }
    }

    private void watch(ImapMailbox box) throws Exception {
        Duration renewal = min(config.idleRenewal(), config.leaseDuration().dividedBy(3));
        while (!stopped) {
            drain(box);
            if (stopped || !store.lease(name)) {
                return;
            }
            if (box.idleSupported()) {
                box.idle(renewal);
            } else {
                sleep(min(config.pollInterval(), renewal));
                box.check();
            }
        }
    }

    /** Stores every message above the cursor, one at a time, in UID order. */
    private void drain(ImapMailbox box) throws Exception {
        long validity = box.uidValidity();
        long[] cursor = store.cursor(name);
        long last = 0;
        if (cursor != null && cursor[0] == validity) {
            last = cursor[1];
        } else {
            if (cursor != null) {
                LOG.infof("Mailbox %s: UIDVALIDITY changed from %d to %d, reading the folder again"
                        + " (Message-IDs keep stored mail from being stored twice)", name, cursor[0], validity);
            }
            store.advance(name, validity, 0);
        }
        List<ImapMailbox.Listed> listed;
        do {
            listed = box.after(last, BATCH);
            for (ImapMailbox.Listed message : listed) {
                if (stopped) {
                    return;
                }
                if (!message.processed() && !message.failed()) {
                    process(box, validity, message);
                }
                store.advance(name, validity, message.uid());
                last = message.uid();
            }
        } while (!listed.isEmpty() && !stopped);
    }

    private void process(ImapMailbox box, long validity, ImapMailbox.Listed message) throws Exception {
        ImapMailbox.Fetched fetched = box.fetch(message, config.maxMessageBytes());
        IncomingMail mail = new IncomingMail(validity, message.uid(), fetched.raw(), message.size(), fetched.truncated(),
                message.receivedAt());
        try {
            store.store(name, mail);
        } catch (RuntimeException e) {
            failed(box, message, mail, e);
            return;
        }
        attempts.remove(message.uid());
        try {
            box.markProcessed(message);
        } catch (FolderClosedException | StoreClosedException e) {
            throw e;
        } catch (MessagingException e) {
            // The server refuses the mark (e.g. no custom keywords): the message is stored and the cursor
            // still moves past it, so refusing must not hold the mailbox up. Configure a folder instead.
            LOG.errorf("Mailbox %s: message UID %d stored but not marked on the server: %s", name, message.uid(),
                    e.getMessage());
        }
        status("CONNECTED", box.idleSupported(), null, Instant.now());
    }

    /**
     * A message that could not be stored is retried on the next round, after the backoff; once it has
     * failed {@code max-attempts} times while the database answers, it is set aside so later mail flows.
     */
    private void failed(ImapMailbox box, ImapMailbox.Listed message, IncomingMail mail, RuntimeException e)
            throws Exception {
        store.cursor(name); // throws when the database is down: then this is no fault of the message
        int n = attempts.merge(message.uid(), 1, Integer::sum);
        if (n < config.maxAttempts()) {
            throw new IllegalStateException("message UID " + message.uid() + " not stored (attempt " + n + "): "
                    + describe(e), e);
        }
        LOG.errorf(e, "Mailbox %s: message UID %d set aside after %d attempts", name, message.uid(), n);
        store.setAside(name, mail, describe(e));
        box.markFailed(message);
        attempts.remove(message.uid());
    }

    private void status(String state, boolean idle, String error) {
        Status before = status.get();
        status.set(new Status(state, idle, error, state.equals(before.state()) ? before.since() : Instant.now(),
                before.lastMessageAt()));
    }

    private void status(String state, boolean idle, String error, Instant lastMessageAt) {
        Status before = status.get();
        status.set(new Status(state, idle, error, state.equals(before.state()) ? before.since() : Instant.now(),
                lastMessageAt));
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(Math.max(1, d.toMillis()));
        } catch (InterruptedException e) {
            // stop() interrupts; the loop checks the flag
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    static String describe(Throwable e) {
        String kind = e instanceof FolderClosedException || e instanceof StoreClosedException ? "connection closed"
                : e instanceof MessagingException ? "IMAP error" : e.getClass().getSimpleName();
        return kind + ": " + e.getMessage();
    }
}
