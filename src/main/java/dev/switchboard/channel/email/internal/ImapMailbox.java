package dev.switchboard.channel.email.internal;

import dev.switchboard.channel.email.EmailConfig;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessageRemovedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;

/**
 * One open IMAP connection to a mailbox's folder: lists messages by UID, reads them, marks them
 * processed (flag or move) and waits for new mail with IDLE. Blocking; used by one watcher thread.
 */
public final class ImapMailbox implements AutoCloseable {

    /** Breaks IDLE periodically; one daemon thread for all mailboxes, it only sends NOOPs. */
    private static final ScheduledExecutorService HEARTBEAT = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "email-idle-heartbeat");
        t.setDaemon(true);
        return t;
    });

    /** A message in the folder, as listed. */
    public record Listed(long uid, boolean processed, boolean failed, long size, Instant receivedAt, Message message) {
    }

    /** A message's bytes, cut at the size limit. */
    public record Fetched(byte[] raw, boolean truncated) {
    }

    private final EmailConfig.Imap config;
    private final IMAPStore store;
    private final IMAPFolder folder;
    private final Flags processedFlag;
    private final Flags failedFlag;
    private final Folder processedFolder;
    private final boolean idle;
    private final boolean move;

    private ImapMailbox(EmailConfig.Imap config, IMAPStore store, IMAPFolder folder, Folder processedFolder) {
        this.config = config;
        this.store = store;
        this.folder = folder;
        this.processedFolder = processedFolder;
        this.processedFlag = flags(config.processedFlag());
        this.failedFlag = flags(config.failedFlag());
        this.idle = config.idle() && hasCapability(store, "IDLE");
        this.move = hasCapability(store, "MOVE");
    }

    /** Connects, logs in and opens the folder read-write. */
    public static ImapMailbox open(EmailConfig.Imap config, Duration timeout) throws MessagingException {
        String protocol = config.security() == EmailConfig.Security.SSL ? "imaps" : "imap";
        Properties props = new Properties();
        String prefix = "mail." + protocol + ".";
        props.setProperty(prefix + "connectiontimeout", Long.toString(timeout.toMillis()));
        props.setProperty(prefix + "timeout", Long.toString(timeout.toMillis()));
        props.setProperty(prefix + "writetimeout", Long.toString(timeout.toMillis()));
        // Reading a message must not mark it \Seen: people may share the mailbox.
        props.setProperty(prefix + "peek", "true");
        if (config.security() == EmailConfig.Security.STARTTLS) {
            props.setProperty(prefix + "starttls.enable", "true");
            props.setProperty(prefix + "starttls.required", "true");
        }
        if (config.security() != EmailConfig.Security.NONE) {
            props.setProperty(prefix + "ssl.checkserveridentity", "true");
        }
        config.authMechanisms().ifPresent(m -> props.setProperty(prefix + "auth.mechanisms", m));
        Session session = Session.getInstance(props);
        IMAPStore store = (IMAPStore) session.getStore(protocol);
        try {
            store.connect(config.host(), config.port(), config.user(), config.password());
            IMAPFolder folder = (IMAPFolder) store.getFolder(config.folder());
            folder.open(Folder.READ_WRITE);
            Folder target = null;
            if (config.processedFolder().isPresent()) {
                target = store.getFolder(config.processedFolder().get());
                if (!target.exists()) {
                    target.create(Folder.HOLDS_MESSAGES);
                }
            }
            return new ImapMailbox(config, store, folder, target);
        } catch (MessagingException | RuntimeException e) {
            closeQuietly(store);
            throw e;
        }
    }

    public long uidValidity() throws MessagingException {
        return folder.getUIDValidity();
    }

    public boolean idleSupported() {
        return idle;
    }

    /** The first {@code limit} messages with a UID above {@code lastUid}, in UID order. */
    public List<Listed> after(long lastUid, int limit) throws MessagingException {
        Message[] all = folder.getMessagesByUID(lastUid + 1, UIDFolder.MAXUID);
        // Sequence order is UID order; the details are fetched only for the slice.
        Message[] messages = java.util.Arrays.copyOf(all, Math.min(all.length, limit));
        FetchProfile profile = new FetchProfile();
        profile.add(UIDFolder.FetchProfileItem.UID);
        profile.add(FetchProfile.Item.FLAGS);
        profile.add(FetchProfile.Item.SIZE);
        profile.add(IMAPFolder.FetchProfileItem.INTERNALDATE);
        folder.fetch(messages, profile);
        List<Listed> listed = new ArrayList<>();
        for (Message m : messages) {
            if (m == null || m.isExpunged()) {
                continue;
            }
            try {
                long uid = folder.getUID(m);
                // "n:*" includes the last message even when its UID is below n.
                if (uid <= lastUid) {
                    continue;
                }
                Flags flags = m.getFlags();
                Date received = m.getReceivedDate();
                listed.add(new Listed(uid, flags.contains(processedFlag), flags.contains(failedFlag), m.getSize(),
                        received == null ? null : received.toInstant(), m));
            } catch (MessageRemovedException e) {
                // Expunged by someone else meanwhile: nothing to do for it.
            }
        }
        listed.sort((a, b) -> Long.compare(a.uid(), b.uid()));
        return listed;
    }

    /** The message's bytes, at most {@code maxBytes} of them. */
    public Fetched fetch(Listed listed, int maxBytes) throws MessagingException, IOException {
        CappedStream out = new CappedStream(maxBytes);
        try {
            listed.message().writeTo(out);
        } catch (IOException | MessagingException e) {
            // The cap stops the copy with an exception that the mail classes may wrap.
            if (!out.full) {
                throw e;
            }
        }
        return new Fetched(out.bytes(), out.full);
    }

    /** Marks the message done on the server: moved to the processed folder, or flagged. */
    public void markProcessed(Listed listed) throws MessagingException {
        Message[] one = {listed.message()};
        if (processedFolder == null) {
            folder.setFlags(one, processedFlag, true);
        } else if (move) {
            folder.moveMessages(one, processedFolder);
        } else {
            // Without MOVE: copy, then delete and expunge just this message (UID EXPUNGE where the server has UIDPLUS).
            folder.copyMessages(one, processedFolder);
            folder.setFlags(one, new Flags(Flags.Flag.DELETED), true);
            folder.expunge(one);
        }
    }

    /** Flags a message that could not be stored; it stays in the folder for a person to look at. */
    public void markFailed(Listed listed) throws MessagingException {
        folder.setFlags(new Message[]{listed.message()}, failedFlag, true);
    }

    /**
     * Waits for new mail with IDLE, at most {@code renewal}: a NOOP from the heartbeat thread ends the
     * IDLE so the caller can check the connection and its lease and idle again.
     */
    public void idle(Duration renewal) throws MessagingException {
        ScheduledFuture<?> wake = HEARTBEAT.schedule(this::interruptIdle, renewal.toMillis(), TimeUnit.MILLISECONDS);
        try {
            folder.idle(true);
        } finally {
            wake.cancel(false);
        }
    }

    /** Ends a running IDLE (any command on the folder does); harmless when none is running. */
    public void interruptIdle() {
        try {
            folder.doCommand(protocol -> {
                protocol.simpleCommand("NOOP", null);
                return null;
            });
        } catch (MessagingException | RuntimeException e) {
            // The connection is gone: the idling thread gets its own error.
        }
    }

    /** Checks the connection with a NOOP (polling mode); fails when it is gone. */
    public void check() throws MessagingException {
        folder.doCommand(protocol -> {
            protocol.simpleCommand("NOOP", null);
            return null;
        });
    }

    @Override
    public void close() {
        try {
            if (folder.isOpen()) {
                folder.close(false);
            }
        } catch (MessagingException | RuntimeException e) {
            // closing anyway
        }
        closeQuietly(store);
    }

    /** Closes the connection from another thread, to stop a watcher that is blocked in it. */
    public void abort() {
        closeQuietly(store);
    }

    private static void closeQuietly(Store store) {
        try {
            store.close();
        } catch (MessagingException | RuntimeException e) {
            // nothing more to do
        }
    }

    private static boolean hasCapability(IMAPStore store, String capability) {
        try {
            return store.hasCapability(capability);
        } catch (MessagingException e) {
            return false;
        }
    }

    static Flags flags(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "\\seen" -> new Flags(Flags.Flag.SEEN);
            case "\\flagged" -> new Flags(Flags.Flag.FLAGGED);
            case "\\answered" -> new Flags(Flags.Flag.ANSWERED);
            default -> new Flags(name);
        };
    }

    @Override
    public String toString() {
        return config.user() + "@" + config.host() + ":" + config.port() + "/" + config.folder();
    }

    /** Collects bytes up to a cap, then stops the copy. */
    private static final class CappedStream extends OutputStream {
        static final class Full extends IOException {
            Full() {
                super("size limit reached", null);
            }
        }

        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final int cap;
        boolean full;

        CappedStream(int cap) {
            this.cap = cap;
        }

        @Override
        public void write(int b) throws IOException {
            if (buffer.size() >= cap) {
                full = true;
                throw new Full();
            }
            buffer.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int room = cap - buffer.size();
            if (len > room) {
                buffer.write(b, off, Math.max(room, 0));
                full = true;
                throw new Full();
            }
            buffer.write(b, off, len);
        }

        byte[] bytes() {
            return buffer.toByteArray();
        }
    }
}
