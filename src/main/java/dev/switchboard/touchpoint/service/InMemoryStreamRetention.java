package dev.switchboard.touchpoint.service;

import dev.switchboard.touchpoint.TouchpointStreamConfig;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bounds the in-memory sink of the default (no Kafka) setup, which keeps every message it
 * receives: once more than the limit were sent since it was last emptied, it is emptied, at the
 * event that went over. Consumers that need history read the durable feed. Counted as events
 * arrive, not looked at on a timer: a bulk of events (an indicators import's tier changes, 140,000
 * for a million customers) would otherwise pile up between looks, and the sink's list is copied on
 * every add (a {@code CopyOnWriteArrayList}), so each event above the limit cost a copy of it all.
 */
@ApplicationScoped
public class InMemoryStreamRetention implements TouchpointObserver {

    private final Instance<InMemoryConnector> connector;
    private final boolean inMemory;
    private final int limit;
    private final AtomicInteger kept = new AtomicInteger();
    private volatile InMemorySink<?> sink;

    InMemoryStreamRetention(@Any Instance<InMemoryConnector> connector,
                            @ConfigProperty(name = "mp.messaging.outgoing.touchpoints.connector") String connectorName,
                            TouchpointStreamConfig config) {
        this.connector = connector;
        this.inMemory = InMemoryConnector.CONNECTOR.equals(connectorName);
        this.limit = config.inMemoryRetention();
    }

    /**
     * The channel is the in-memory sink and keeps nothing: nothing in the service reads it, so the publisher does not
     * send to it (a message, its acknowledgement's steps and a copy of the sink's list per event, for nothing).
     */
    public boolean unread() {
        return inMemory && limit <= 0;
    }

    @Override
    public void published(String payload, Long interactionId) {
        if (inMemory && limit > 0 && kept.incrementAndGet() > limit) {
            kept.set(0);
            InMemorySink<?> s = sink();
            if (s != null) {
                s.clear();
            }
        }
    }

    /** The sink is the publishing instance's own (and in a cluster the stream is on Kafka, so there is none). */
    @Override
    public boolean eachInstance() {
        return false;
    }

    private InMemorySink<?> sink() {
        InMemorySink<?> s = sink;
        if (s == null && connector.isResolvable()) {
            s = connector.get().sink("touchpoints");
            sink = s;
        }
        return s;
    }
}
