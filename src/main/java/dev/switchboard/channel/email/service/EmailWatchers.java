package dev.switchboard.channel.email.service;

import dev.switchboard.channel.email.EmailConfig;
import dev.switchboard.channel.email.ParsedMail;
import dev.switchboard.channel.email.internal.MailParser;
import dev.switchboard.channel.email.internal.MailboxWatcher;
import dev.switchboard.channel.email.internal.MailboxWatcher.IncomingMail;
import dev.switchboard.channel.email.repository.EmailRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs one {@link MailboxWatcher} per configured mailbox and answers its calls. The watchers are
 * plain threads (Jakarta Mail blocks); each call into the records runs as a Uni on a Vert.x context
 * while the watcher thread waits for it, so Hibernate Reactive never runs on a foreign thread.
 */
@ApplicationScoped
public class EmailWatchers implements MailboxWatcher.MailboxStore {

    private static final Logger LOG = Logger.getLogger(EmailWatchers.class);

    private final EmailConfig config;
    private final EmailRepository repository;
    private final EmailIntake intake;
    private final MailParser parser;
    /** This instance's name in the mailbox leases. */
    private final String owner = UUID.randomUUID().toString();
    private final Map<String, MailboxWatcher> watchers = new ConcurrentHashMap<>();

    EmailWatchers(EmailConfig config, EmailRepository repository, EmailIntake intake) {
        this.config = config;
        this.repository = repository;
        this.intake = intake;
        this.parser = new MailParser(config.maxAttachmentBytes());
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.watch()) {
            LOG.info("Email: watching mailboxes is off (switchboard.channels.email.watch=false)");
            return;
        }
        config.mailboxes().forEach((name, mailbox) -> {
            if (mailbox.enabled()) {
                start(name);
            }
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        watchers.keySet().forEach(this::stop);
    }

    /** Starts watching a configured mailbox (no-op when it is watched already). */
    public void start(String name) {
        EmailConfig.Mailbox mailbox = config.mailboxes().get(name);
        if (mailbox == null) {
            throw new IllegalArgumentException("no mailbox " + name);
        }
        watchers.computeIfAbsent(name, n -> {
            MailboxWatcher watcher = new MailboxWatcher(n, mailbox, config, this);
            watcher.start();
            return watcher;
        });
    }

    /** Stops watching a mailbox and waits for its thread. */
    public void stop(String name) {
        MailboxWatcher watcher = watchers.remove(name);
        if (watcher != null) {
            watcher.stop();
        }
    }

    /** Each watched mailbox's state, by name. */
    public Map<String, MailboxWatcher.Status> statuses() {
        Map<String, MailboxWatcher.Status> map = new TreeMap<>();
        watchers.forEach((name, w) -> map.put(name, w.status()));
        return map;
    }

    @Override
    public long[] cursor(String mailbox) {
        EmailRepository.Cursor c = await(() -> repository.cursor(mailbox));
        return c.uidValidity() == null ? null : new long[]{c.uidValidity(), c.lastUid()};
    }

    @Override
    public void advance(String mailbox, long uidValidity, long uid) {
        await(() -> repository.advance(mailbox, uidValidity, uid));
    }

    @Override
    public boolean lease(String mailbox) {
        return await(() -> repository.lease(mailbox, owner, config.leaseDuration()));
    }

    @Override
    public void release(String mailbox) {
        await(() -> repository.releaseLease(mailbox, owner));
    }

    @Override
    public void store(String mailbox, IncomingMail mail) {
        ParsedMail parsed = parser.parse(mail.raw(), mail.size(), mail.truncated());
        await(() -> intake.accept(mailbox, mail, parsed));
    }

    @Override
    public void setAside(String mailbox, IncomingMail mail, String reason) {
        ParsedMail parsed = parser.parse(mail.raw(), mail.size(), mail.truncated());
        await(() -> intake.setAside(mailbox, mail, parsed, reason));
    }

    private static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
