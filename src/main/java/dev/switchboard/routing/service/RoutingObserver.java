package dev.switchboard.routing.service;

import dev.switchboard.routing.engine.RoutingEvent;

import java.time.Instant;
import java.util.List;

/** Hears routing changes once they are committed: the agent and supervisor sockets, features acting on them. */
public interface RoutingObserver {

    void committed(List<RoutingEvent> events, Instant at);

    /**
     * Whether every instance of a cluster hears the events (true: sockets, and what acts only where a gateway's
     * link is) or only the instance that owns routing, once per event (false: a write to the records).
     * Alone, an instance hears every event either way.
     */
    default boolean everyInstance() {
        return true;
    }
}
