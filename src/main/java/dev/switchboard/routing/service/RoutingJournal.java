package dev.switchboard.routing.service;

import dev.switchboard.routing.repository.RoutingRepository;
import dev.switchboard.touchpoint.service.OutboxPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Writes routing changes to the database in order, batching whatever piles up while a write is in
 * flight into the next transaction (group commit). A second batch goes out beside the one in flight when the two
 * touch different interactions, customers and agents (their rows and their order on the touchpoint stream are then
 * independent), so that a contact of one agent does not wait for another agent's commit. Callbacks run in the order
 * their changes were queued, each after its batch and every batch before it committed, so nobody hears of a routing
 * change that a crash could undo, and nobody hears of them out of order.
 */
@ApplicationScoped
public class RoutingJournal {

    private static final Logger LOG = Logger.getLogger(RoutingJournal.class);
    private static final int MAX_BATCH = 500;
    /** Batches written at once: one, and one more beside it when their keys are disjoint. */
    private static final int MAX_IN_FLIGHT = 2;

    private final RoutingRepository repository;
    private final Vertx vertx;
    private final OutboxPublisher publisher;
    /** Commands queued and not yet in a batch, in order. */
    private final ArrayDeque<Entry> pending = new ArrayDeque<>();
    /** Batches started and not yet heard of, in the order of their changes. */
    private final ArrayDeque<Batch> flying = new ArrayDeque<>();
    /** A thread is running callbacks (in order): others leave theirs to it. */
    private boolean delivering;
    private long backoffMillis;
    /** Set when this instance owns routing as one of a cluster: the epoch its writes carry. */
    private volatile Fence fence;
    /** A write was refused by the fence: nothing more is written until this instance takes routing again. */
    private volatile boolean fenced;
    /** From a command's changes queued to their commit: what a routing decision waits for the database. */
    private final Timer waited;
    /** One batch's write (one statement, one commit). */
    private final Timer written;

    /** One command's changes, the rows they touch, and whom to tell. */
    private record Entry(List<JsonObject> changes, Set<String> keys, Runnable callback, Runnable dropped,
                         long queuedNanos) {
    }

    /** Changes written in one transaction; {@code keys} null when one of them touches rows no key names. */
    private static final class Batch {
        final List<Entry> entries = new ArrayList<>();
        final List<JsonObject> changes = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        boolean settled;
        boolean dropped;

        boolean disjoint(Set<String> others) {
            return keys != null && others != null && Collections.disjoint(keys, others);
        }
    }

    private record Fence(int partition, long epoch) {
    }

    RoutingJournal(RoutingRepository repository, Vertx vertx, OutboxPublisher publisher, MeterRegistry registry) {
        this.repository = repository;
        this.publisher = publisher;
        this.vertx = vertx;
        this.waited = latency("switchboard.routing.journal.wait",
                "From a routing command's changes queued to their commit (queue and write)", registry);
        this.written = latency("switchboard.routing.journal.write", "One batch of routing changes written and committed",
                registry);
    }

    private static Timer latency(String name, String description, MeterRegistry registry) {
        return Timer.builder(name).description(description).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    /**
     * From now on every write carries the epoch under which this instance took the routing partition
     * (several instances, docs/routing.md): a write refused because a later owner took it is dropped with
     * everything queued behind it, and nobody hears of those changes (the commands behind them run again at
     * the next owner, which rebuilt routing from what was committed).
     */
    public void fence(int partition, long epoch) {
        synchronized (this) {
            fence = new Fence(partition, epoch);
            fenced = false;
        }
    }

    /**
     * Queues changes; {@code afterCommit} runs once they (and everything before them) are committed, or
     * {@code dropped} instead once they never will be (the journal was fenced: another instance owns routing), so
     * that whoever waits for them hears that they were not written rather than nothing at all.
     */
    public void append(List<JsonObject> changes, Runnable afterCommit, Runnable dropped) {
        boolean refused;
        synchronized (this) {
            refused = fenced;
            if (!refused) {
                pending.add(new Entry(changes, keys(changes), afterCommit, dropped, System.nanoTime()));
            }
        }
        if (refused) {
            LOG.debugf("Routing journal fenced: %d changes not written", changes.size());
            run(dropped);
        } else {
            pump();
        }
    }

    /**
     * The rows a change's transaction locks or orders by: its interaction, its customer (whose touchpoints are
     * appended in order) and its agent. An audit row only adds a row of its own. Null for anything else, which then
     * goes out alone.
     */
    static Set<String> keys(List<JsonObject> changes) {
        Set<String> keys = new HashSet<>();
        for (JsonObject change : changes) {
            for (String field : change.fieldNames()) {
                JsonObject part = change.getJsonObject(field);
                switch (field) {
                    case "touchpoint" -> {
                        key(keys, "interaction", part.getValue("interactionId"));
                        key(keys, "customer", part.getValue("customerId"));
                        key(keys, "agent", part.getValue("agentId"));
                    }
                    case "interaction" -> {
                        key(keys, "interaction", part.getValue("id"));
                        key(keys, "agent", part.getValue("agentId"));
                    }
                    case "presence" -> key(keys, "agent", part.getValue("agentId"));
                    case "audit" -> {
                    }
                    default -> {
                        return null;
                    }
                }
            }
        }
        return keys;
    }

    private static void key(Set<String> keys, String kind, Object id) {
        if (id != null) {
            keys.add(kind + ":" + id);
        }
    }

    /** Starts the next batches, if any may go out, then tells whoever waits for settled ones. */
    private void pump() {
        List<Batch> start = new ArrayList<>();
        synchronized (this) {
            while (!fenced && !pending.isEmpty() && flying.stream().filter(b -> !b.settled).count() < MAX_IN_FLIGHT) {
                Batch next = next();
                if (next == null) {
                    break;
                }
                flying.add(next);
                // Commands that changed no record have nothing to write: settled at once, heard of in their turn.
                next.settled = next.changes.isEmpty();
                if (!next.settled) {
                    start.add(next);
                }
            }
        }
        start.forEach(this::write);
        deliver();
    }

    /**
     * Runs the callbacks of the settled batches at the head, in order, on one thread at a time: a batch settled on
     * another thread meanwhile is heard of by the thread already delivering, after the batches before it.
     */
    private void deliver() {
        synchronized (this) {
            if (delivering) {
                return;
            }
            delivering = true;
        }
        while (true) {
            List<Batch> heard = new ArrayList<>();
            synchronized (this) {
                while (!flying.isEmpty() && flying.peek().settled) {
                    heard.add(flying.poll());
                }
                if (heard.isEmpty()) {
                    delivering = false;
                    return;
                }
            }
            long now = System.nanoTime();
            for (Batch batch : heard) {
                for (Entry e : batch.entries) {
                    if (batch.dropped) {
                        run(e.dropped());
                    } else {
                        waited.record(now - e.queuedNanos(), TimeUnit.NANOSECONDS);
                        run(e.callback());
                    }
                }
            }
            // After the callbacks: the agent socket then knows who holds each interaction.
            publisher.wake();
        }
    }

    /**
     * The commands at the head of the queue that may go out now, whole: all of them up to the batch's size when
     * nothing is in flight, else those whose keys are disjoint from every batch in flight (the first one that is not
     * waits, and everything behind it, so that the order holds).
     */
    private Batch next() {
        Batch batch = new Batch();
        while (!pending.isEmpty()) {
            Entry e = pending.peek();
            boolean fits = batch.entries.isEmpty() || batch.changes.size() + e.changes().size() <= MAX_BATCH;
            boolean free = flying.stream().allMatch(b -> b.settled || b.disjoint(e.keys()));
            if (!fits || !free) {
                break;
            }
            pending.poll();
            batch.entries.add(e);
            batch.changes.addAll(e.changes());
            if (e.keys() == null) {
                batch.keys = null;
            } else if (batch.keys != null) {
                batch.keys.addAll(e.keys());
            }
        }
        return batch.entries.isEmpty() ? null : batch;
    }

    private void write(Batch batch) {
        Fence f = fence;
        JsonArray changes = new JsonArray(batch.changes);
        long began = System.nanoTime();
        (f == null ? repository.apply(changes) : repository.apply(changes, f.partition(), f.epoch()))
                .subscribe().with(n -> {
            written.record(System.nanoTime() - began, TimeUnit.NANOSECONDS);
            backoffMillis = 0;
            settled(batch);
        }, failure -> {
            if (failure instanceof PgException pg && "SB002".equals(pg.getSqlState())) {
                fenced(batch, pg);
            } else if (failure instanceof PgException) {
                LOG.errorf(failure, "A batch of %d routing changes was refused; writing them one by one",
                        batch.changes.size());
                writeOneByOne(batch, 0);
            } else {
                backoffMillis = Math.min(Math.max(backoffMillis * 2, 100), Duration.ofSeconds(5).toMillis());
                LOG.warnf("Routing journal cannot write (%s); retrying in %d ms", failure.getMessage(), backoffMillis);
                vertx.setTimer(backoffMillis, t -> write(batch));
            }
        });
    }

    private void writeOneByOne(Batch batch, int index) {
        if (index == batch.changes.size()) {
            settled(batch);
            return;
        }
        repository.apply(new JsonArray(List.of(batch.changes.get(index)))).subscribe().with(
                n -> writeOneByOne(batch, index + 1),
                failure -> {
                    LOG.errorf(failure, "Routing change dropped: %s", batch.changes.get(index).encode());
                    writeOneByOne(batch, index + 1);
                });
    }

    /**
     * The batch and everything queued behind it are dropped, and said so; a batch beside it in flight is heard of
     * when its own write ends (committed before the fence, or refused too).
     */
    private void fenced(Batch batch, PgException refusal) {
        int dropped = batch.changes.size();
        synchronized (this) {
            fenced = true;
            Batch rest = new Batch();
            rest.entries.addAll(pending);
            pending.forEach(e -> rest.changes.addAll(e.changes()));
            pending.clear();
            dropped += rest.changes.size();
            rest.dropped = rest.settled = true;
            flying.add(rest);
            batch.dropped = batch.settled = true;
        }
        LOG.errorf("Routing journal fenced (%s): another instance owns routing now; %d routing changes of this one"
                + " dropped", refusal.getDetail(), dropped);
        pump();
    }

    private void settled(Batch batch) {
        synchronized (this) {
            batch.settled = true;
        }
        pump();
    }

    private static void run(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.error("Routing notification failed", e);
        }
    }
}
