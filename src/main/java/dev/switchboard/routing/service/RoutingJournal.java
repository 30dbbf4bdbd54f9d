package dev.switchboard.routing.service;

import dev.switchboard.routing.repository.RoutingRepository;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes routing changes to the database in order, batching whatever piles up while a write is in
 * flight into the next transaction (group commit). Each batch's callbacks run after it committed,
 * so nobody hears of a routing change that a crash could undo.
 */
@ApplicationScoped
public class RoutingJournal {

    private static final Logger LOG = Logger.getLogger(RoutingJournal.class);
    private static final int MAX_BATCH = 500;

    private final RoutingRepository repository;
    private final Vertx vertx;
    private final List<JsonObject> pending = new ArrayList<>();
    private final List<Runnable> pendingCallbacks = new ArrayList<>();
    private boolean writing;
    private long backoffMillis;

    RoutingJournal(RoutingRepository repository, Vertx vertx) {
        this.repository = repository;
        this.vertx = vertx;
    }

    /** Queues changes; {@code afterCommit} runs once they (and everything before them) are committed. */
    public void append(List<JsonObject> changes, Runnable afterCommit) {
        boolean start;
        synchronized (this) {
            pending.addAll(changes);
            pendingCallbacks.add(afterCommit);
            start = !writing;
            writing = true;
        }
        if (start) {
            writeNext();
        }
    }

    /** Whether nothing is waiting to be written. */
    public synchronized boolean isIdle() {
        return !writing && pending.isEmpty();
    }

    private void writeNext() {
        List<JsonObject> batch;
        List<Runnable> callbacks;
        synchronized (this) {
            if (pending.isEmpty()) {
                // Commands that changed nothing after the last batch: nothing to wait for.
                writing = false;
                callbacks = new ArrayList<>(pendingCallbacks);
                pendingCallbacks.clear();
                batch = null;
            } else {
                writing = true;
                int cut = Math.min(pending.size(), MAX_BATCH);
                batch = new ArrayList<>(pending.subList(0, cut));
                pending.subList(0, cut).clear();
                // Callbacks of commands whose changes are all in this batch or earlier ones.
                if (pending.isEmpty()) {
                    callbacks = new ArrayList<>(pendingCallbacks);
                    pendingCallbacks.clear();
                } else {
                    callbacks = List.of();
                }
            }
        }
        if (batch == null) {
            callbacks.forEach(RoutingJournal::run);
        } else {
            write(batch, callbacks);
        }
    }

    private void write(List<JsonObject> batch, List<Runnable> callbacks) {
        repository.apply(new JsonArray(batch)).subscribe().with(n -> {
            backoffMillis = 0;
            done(callbacks);
        }, failure -> {
            if (failure instanceof PgException) {
                LOG.errorf(failure, "A batch of %d routing changes was refused; writing them one by one", batch.size());
                writeOneByOne(batch, 0, callbacks);
            } else {
                backoffMillis = Math.min(Math.max(backoffMillis * 2, 100), Duration.ofSeconds(5).toMillis());
                LOG.warnf("Routing journal cannot write (%s); retrying in %d ms", failure.getMessage(), backoffMillis);
                vertx.setTimer(backoffMillis, t -> write(batch, callbacks));
            }
        });
    }

    private void writeOneByOne(List<JsonObject> batch, int index, List<Runnable> callbacks) {
        if (index == batch.size()) {
            done(callbacks);
            return;
        }
        repository.apply(new JsonArray(List.of(batch.get(index)))).subscribe().with(
                n -> writeOneByOne(batch, index + 1, callbacks),
                failure -> {
                    LOG.errorf(failure, "Routing change dropped: %s", batch.get(index).encode());
                    writeOneByOne(batch, index + 1, callbacks);
                });
    }

    private void done(List<Runnable> callbacks) {
        callbacks.forEach(RoutingJournal::run);
        writeNext();
    }

    private static void run(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.error("Routing notification failed", e);
        }
    }
}
