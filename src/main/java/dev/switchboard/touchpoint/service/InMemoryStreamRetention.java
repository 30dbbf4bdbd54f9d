package dev.switchboard.touchpoint.service;

import dev.switchboard.touchpoint.TouchpointStreamConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bounds the in-memory sink of the default (no Kafka) setup, which keeps every message it
 * receives: past the limit it is emptied. Consumers that need history read the durable feed.
 * Looked at every second: a bulk of events (an indicators import's tier changes, 140,000 for a
 * million customers) would otherwise fill the heap for up to a minute (250 MB in the benchmark).
 */
@ApplicationScoped
public class InMemoryStreamRetention {

    private final Instance<InMemoryConnector> connector;
    private final String connectorName;
    private final int limit;

    InMemoryStreamRetention(@Any Instance<InMemoryConnector> connector,
                            @ConfigProperty(name = "mp.messaging.outgoing.touchpoints.connector") String connectorName,
                            TouchpointStreamConfig config) {
        this.connector = connector;
        this.connectorName = connectorName;
        this.limit = config.inMemoryRetention();
    }

    @Scheduled(every = "1s", delayed = "1s")
    void trim() {
        if (InMemoryConnector.CONNECTOR.equals(connectorName) && connector.isResolvable()) {
            var sink = connector.get().sink("touchpoints");
            if (sink.received().size() > limit) {
                sink.clear();
            }
        }
    }
}
