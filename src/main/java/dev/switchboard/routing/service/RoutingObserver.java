package dev.switchboard.routing.service;

import dev.switchboard.routing.engine.RoutingEvent;

import java.time.Instant;
import java.util.List;

/** Hears routing changes once they are committed: the agent and supervisor sockets. */
public interface RoutingObserver {

    void committed(List<RoutingEvent> events, Instant at);
}
