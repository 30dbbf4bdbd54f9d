package dev.switchboard.touchpoint.service;

import dev.switchboard.platform.cluster.Cluster;
import dev.switchboard.touchpoint.OutboxEntry;
import dev.switchboard.touchpoint.TouchpointStreamConfig;
import dev.switchboard.touchpoint.repository.OutboxRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Delivers outbox rows to the {@code touchpoints} channel in order, each customer's events in
 * the order they were written, and marks them delivered once the channel acknowledged them. A
 * batch's sends are pipelined: the next goes out before the previous one is acknowledged.
 * Delivery is at least once: a crash between the acknowledgement and the mark re-sends a
 * batch, so every event carries its stable {@code eventId} for consumers to de-duplicate.
 * Alone, the publisher tells the {@link TouchpointObserver}s of each event as it is acknowledged; in a
 * cluster only those that act once (the sockets hear it from every instance's {@link TouchpointFanOut}).
 * Without Kafka and with nothing kept in memory ({@code switchboard.touchpoints.in-memory-retention=0}, the default)
 * the channel has no reader, so nothing is sent to it: each entry counts as acknowledged at once.
 */
@ApplicationScoped
public class OutboxPublisher {

    private static final Logger LOG = Logger.getLogger(OutboxPublisher.class);
    /** Sends not yet acknowledged at most; below the emitter's buffer (128 by default). */
    private static final int IN_FLIGHT = 64;

    private final OutboxRepository outbox;
    private final MutinyEmitter<String> emitter;
    private final TouchpointStreamConfig config;
    private final Counter published;
    /** Publisher transactions that delivered something: published ÷ batches is the mean batch. */
    private final Counter batches;
    /** Resolved once: iterating the CDI {@code Instance} resolved them again for every event. */
    private final List<TouchpointObserver> observers;
    private final Vertx vertx;
    /** The gather delay in ms; 0: none. */
    private final long gatherMs;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile boolean paused;
    /** In a cluster: only the observers not served by every instance's {@link TouchpointFanOut} are told here. */
    private final boolean clustered;
    /** Entries are not sent: the channel is the in-memory sink and keeps nothing ({@link InMemoryStreamRetention}). */
    private final boolean unread;

    OutboxPublisher(OutboxRepository outbox, @Channel("touchpoints") MutinyEmitter<String> emitter,
                    TouchpointStreamConfig config, MeterRegistry registry, Instance<TouchpointObserver> observers,
                    Cluster cluster, Vertx vertx, InMemoryStreamRetention retention) {
        this.outbox = outbox;
        this.unread = retention.unread();
        this.vertx = vertx;
        this.gatherMs = config.gather().toMillis();
        this.clustered = cluster.enabled();
        this.observers = observers.stream().toList();
        this.emitter = emitter;
        this.config = config;
        this.paused = !config.publisherEnabled();
        this.published = Counter.builder("switchboard.touchpoints.published")
                .description("Touchpoint events delivered to the stream").register(registry);
        this.batches = Counter.builder("switchboard.touchpoints.batches")
                .description("Publisher transactions that delivered at least one event").register(registry);
    }

    @Scheduled(every = "${switchboard.touchpoints.poll-interval:1s}", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        wake();
        return Uni.createFrom().voidItem();
    }

    /** Publishes what is waiting now; a call while a run is going on makes that run go round once more. */
    public void wake() {
        if (paused) {
            return;
        }
        again.set(true);
        if (running.compareAndSet(false, true)) {
            gatherThenRun();
        }
    }

    /** Runs after the gather delay (switchboard.touchpoints.gather), so the commits meanwhile join the batch. */
    private void gatherThenRun() {
        if (gatherMs <= 0) {
            run();
        } else {
            vertx.setTimer(gatherMs, id -> run());
        }
    }

    /** Stops taking new batches; the batch in flight finishes and is marked. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
        wake();
    }

    public boolean isIdle() {
        return !running.get();
    }

    private void run() {
        again.set(false);
        publishBatch().subscribe().with(count -> {
            if (count > 0) {
                batches.increment();
            }
            if (!paused && count >= config.batchSize()) {
                run();
            } else if (!paused && again.get()) {
                gatherThenRun();
            } else {
                running.set(false);
                if (again.get() && !paused) {
                    wake();
                }
            }
        }, failure -> {
            LOG.warnf("Touchpoint publisher will retry: %s", failure.getMessage());
            running.set(false);
        });
    }

    private Uni<Integer> publishBatch() {
        return outbox.pool().withTransaction(tx -> outbox.tryPublisherLock(tx, config.cursorWaitsForDisk()).chain(locked -> !locked
                ? Uni.createFrom().item(0)
                : outbox.undelivered(tx, config.batchSize()).invoke(entries -> {
                    if (LOG.isDebugEnabled() && !entries.isEmpty()) {
                        LOG.debugf("Publishing outbox rows %s", entries.stream().map(OutboxEntry::cursor).toList());
                    }
                }).chain(entries -> send(entries)
                        .chain(sent -> sent.isEmpty() ? Uni.createFrom().item(0)
                                : outbox.markDelivered(tx, sent.get(sent.size() - 1)).replaceWith(sent.size())))));
    }

    /**
     * Sends the entries in order without waiting for each acknowledgement before the next send (at most
     * {@link #IN_FLIGHT} unacknowledged), and takes the acknowledgements in order: the observers hear each
     * entry once it and every entry before it were acknowledged. Stops at the first failure; returns the
     * entries acknowledged up to it (entries sent after it may reach the stream and are sent again with
     * the next batch: at least once, as always).
     */
    private Uni<List<OutboxEntry>> send(List<OutboxEntry> entries) {
        if (unread) {
            entries.forEach(this::acknowledged);
            return Uni.createFrom().item(entries);
        }
        List<OutboxEntry> sent = new ArrayList<>();
        List<Uni<Void>> acks = new ArrayList<>(entries.size());
        for (int i = 0; i < Math.min(IN_FLIGHT, entries.size()); i++) {
            acks.add(start(entries.get(i)));
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = 0; i < entries.size(); i++) {
            int index = i;
            OutboxEntry entry = entries.get(i);
            chain = chain.chain(() -> acks.get(index)).invoke(() -> {
                if (index + IN_FLIGHT < entries.size()) {
                    acks.add(start(entries.get(index + IN_FLIGHT)));
                }
                sent.add(entry);
                acknowledged(entry);
            });
        }
        return chain.map(v -> sent).onFailure().recoverWithUni(failure -> {
            LOG.warnf("Touchpoint stream refused an event after %d sent: %s", sent.size(), failure.getMessage());
            return Uni.createFrom().item(sent);
        });
    }

    /** Counts an entry the stream has and tells the observers of it. */
    private void acknowledged(OutboxEntry entry) {
        published.increment();
        Long interactionId = entry.interactionId();
        for (TouchpointObserver observer : observers) {
            // In a cluster the sockets of every instance, this one's too, hear it from the fan-out.
            if (!clustered || !observer.eachInstance()) {
                tell(observer, entry.payload(), interactionId);
            }
        }
    }

    private static void tell(TouchpointObserver observer, String payload, Long interactionId) {
        try {
            observer.published(payload, interactionId);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Touchpoint observer %s failed", observer.getClass().getSimpleName());
        }
    }

    /** Sends one entry now; the answer is its acknowledgement, kept for whoever asks later. */
    private Uni<Void> start(OutboxEntry entry) {
        Uni<Void> ack = emitter.sendMessage(Message.of(entry.payload()).addMetadata(
                        OutgoingKafkaRecordMetadata.<String>builder().withKey(Long.toString(entry.customerId())).build()))
                .memoize().indefinitely();
        ack.subscribe().with(x -> { }, e -> { });
        return ack;
    }
}
