package dev.switchboard.routing.service;

import dev.switchboard.routing.repository.RoutingRepository;
import dev.switchboard.touchpoint.service.OutboxPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
    private final OutboxPublisher publisher;
    private final ArrayDeque<String> pending = new ArrayDeque<>();
    /** Callbacks in order, each with the count of changes that must be committed before it runs. */
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private long appended;
    private long committed;
    private boolean writing;
    private long backoffMillis;
    /** Set when this instance owns routing as one of a cluster: the epoch its writes carry. */
    private volatile Fence fence;
    /** A write was refused by the fence: nothing more is written until this instance takes routing again. */
    private volatile boolean fenced;
    /** From a command's changes queued to their commit: what a routing decision waits for the database. */
    private final Timer waited;
    /** One batch's write (one statement, one commit). */
    private final Timer written;

    private record Waiter(long upTo, Runnable callback, Runnable dropped, long queuedNanos) {
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
    public void append(List<String> changes, Runnable afterCommit, Runnable dropped) {
        boolean start;
        boolean refused;
        synchronized (this) {
            refused = fenced;
            if (!refused) {
                pending.addAll(changes);
                appended += changes.size();
                waiters.add(new Waiter(appended, afterCommit, dropped, System.nanoTime()));
            }
            start = !refused && !writing;
            writing |= start;
        }
        if (refused) {
            LOG.debugf("Routing journal fenced: %d changes not written", changes.size());
            run(dropped);
        } else if (start) {
            writeNext();
        }
    }

    /** Starts the next batch, if any, then runs the callbacks whose changes are all committed. */
    private void writeNext() {
        List<String> batch = null;
        List<Runnable> ready = new ArrayList<>();
        long now = System.nanoTime();
        synchronized (this) {
            while (!waiters.isEmpty() && waiters.peek().upTo() <= committed) {
                Waiter w = waiters.poll();
                waited.record(now - w.queuedNanos(), TimeUnit.NANOSECONDS);
                ready.add(w.callback());
            }
            if (pending.isEmpty()) {
                writing = false;
            } else {
                int size = Math.min(pending.size(), MAX_BATCH);
                batch = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    batch.add(pending.poll());
                }
            }
        }
        if (batch != null) {
            write(batch);
        }
        ready.forEach(RoutingJournal::run);
    }

    private void write(List<String> batch) {
        Fence f = fence;
        String changes = array(batch);
        long began = System.nanoTime();
        (f == null ? repository.apply(changes) : repository.apply(changes, f.partition(), f.epoch()))
                .subscribe().with(n -> {
            written.record(System.nanoTime() - began, TimeUnit.NANOSECONDS);
            backoffMillis = 0;
            done(batch.size());
        }, failure -> {
            if (failure instanceof PgException pg && "SB002".equals(pg.getSqlState())) {
                fenced(batch.size(), pg);
            } else if (failure instanceof PgException) {
                LOG.errorf(failure, "A batch of %d routing changes was refused; writing them one by one", batch.size());
                writeOneByOne(batch, 0);
            } else {
                backoffMillis = Math.min(Math.max(backoffMillis * 2, 100), Duration.ofSeconds(5).toMillis());
                LOG.warnf("Routing journal cannot write (%s); retrying in %d ms", failure.getMessage(), backoffMillis);
                vertx.setTimer(backoffMillis, t -> write(batch));
            }
        });
    }

    /** The changes, each JSON text already, as one JSON array. */
    private static String array(List<String> changes) {
        int length = 2;
        for (String change : changes) {
            length += change.length() + 1;
        }
        StringBuilder array = new StringBuilder(length).append('[');
        for (String change : changes) {
            array.append(array.length() == 1 ? "" : ",").append(change);
        }
        return array.append(']').toString();
    }

    private void writeOneByOne(List<String> batch, int index) {
        if (index == batch.size()) {
            done(batch.size());
            return;
        }
        repository.apply(array(List.of(batch.get(index)))).subscribe().with(
                n -> writeOneByOne(batch, index + 1),
                failure -> {
                    LOG.errorf(failure, "Routing change dropped: %s", batch.get(index));
                    writeOneByOne(batch, index + 1);
                });
    }

    private void fenced(int size, PgException refusal) {
        int dropped;
        List<Runnable> told = new ArrayList<>();
        synchronized (this) {
            fenced = true;
            dropped = size + pending.size();
            pending.clear();
            waiters.forEach(w -> told.add(w.dropped()));
            waiters.clear();
            committed = appended;
            writing = false;
        }
        LOG.errorf("Routing journal fenced (%s): another instance owns routing now; %d routing changes of this one"
                + " dropped", refusal.getDetail(), dropped);
        told.forEach(RoutingJournal::run);
    }

    private void done(int written) {
        synchronized (this) {
            committed += written;
        }
        writeNext();
        // After the callbacks: the agent socket then knows who holds each interaction.
        publisher.wake();
    }

    private static void run(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.error("Routing notification failed", e);
        }
    }
}
