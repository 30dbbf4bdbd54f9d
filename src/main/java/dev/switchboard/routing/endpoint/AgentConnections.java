package dev.switchboard.routing.endpoint;

import dev.switchboard.routing.engine.RoutingEvent;
import dev.switchboard.routing.service.AgentSockets;
import dev.switchboard.routing.service.RoutingObserver;
import dev.switchboard.touchpoint.service.TouchpointObserver;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agents connected to this instance and the interactions each holds; tells each agent of its
 * routing events and of new touchpoints on its interactions. On one instance this is the whole
 * delivery; several instances would each hear the events through a topic (docs/routing.md).
 */
@ApplicationScoped
public class AgentConnections implements RoutingObserver, TouchpointObserver, AgentSockets {

    private static final Logger LOG = Logger.getLogger(AgentConnections.class);

    private final Map<Long, Set<WebSocketConnection>> byAgent = new ConcurrentHashMap<>();
    private final Map<Long, Long> holders = new ConcurrentHashMap<>();
    /** Per agent, the last routing frame on its way: a frame waiting for its details holds back the ones after it. */
    private final Map<Long, CompletableFuture<Void>> lines = new ConcurrentHashMap<>();
    private final FrameDetails details;

    /** Set in a cluster: frames that features send go to the agent's sockets on every instance. */
    private volatile Relay relay;

    /** How frames and holdings reach every instance of a cluster (the routing events topic). */
    public interface Relay {
        /** The frame goes to the agent's sockets on every instance ({@link #sendHere}). */
        void frame(long agentId, String frame);

        /** Every instance learns that the agent holds the interaction ({@link #holdsHere}). */
        void holds(long agentId, long interactionId);
    }

    AgentConnections(FrameDetails details) {
        this.details = details;
    }

    /** How an agent's state frame and pending offers are made (the agent socket's). */
    private volatile Function<Long, Uni<List<String>>> stateFrames;

    /** Registers how an agent's state frame and replayed offers are made, for {@link #resync}. */
    void stateFramesBy(Function<Long, Uni<List<String>>> frames) {
        this.stateFrames = frames;
    }

    /**
     * Sends every agent with a socket here its state and pending offers again, in line with its routing frames:
     * after routing moved to another instance, which rebuilt it from the records (an offer the former owner made
     * may have gone back to the queue, an answer may have been lost with it).
     */
    public void resync() {
        Function<Long, Uni<List<String>>> frames = stateFrames;
        if (frames == null) {
            return;
        }
        for (long agentId : connected()) {
            inOrder(agentId, frames.apply(agentId).subscribeAsCompletionStage());
        }
    }

    /** In a cluster: {@link #send} and {@link #holds} go through {@code relay} to every instance. */
    public void relay(Relay relay) {
        this.relay = relay;
    }

    void opened(long agentId, WebSocketConnection connection) {
        byAgent.computeIfAbsent(agentId, id -> ConcurrentHashMap.newKeySet()).add(connection);
    }

    /** Forgets a connection; true when the agent has no other. */
    boolean closed(long agentId, WebSocketConnection connection) {
        Set<WebSocketConnection> set = byAgent.get(agentId);
        if (set == null) {
            return true;
        }
        set.remove(connection);
        return set.isEmpty();
    }

    @Override
    public boolean isConnected(long agentId) {
        Set<WebSocketConnection> set = byAgent.get(agentId);
        return set != null && set.stream().anyMatch(WebSocketConnection::isOpen);
    }

    @Override
    public Set<Long> connected() {
        Set<Long> agents = new HashSet<>();
        byAgent.forEach((agentId, set) -> {
            if (set.stream().anyMatch(WebSocketConnection::isOpen)) {
                agents.add(agentId);
            }
        });
        return agents;
    }

    /** Remembers that the agent holds the interaction (from its state on connect, or a conversation it started). */
    @Override
    public void holds(long agentId, long interactionId) {
        Relay r = relay;
        if (r != null) {
            // The agent's socket may be on another instance than the request that started the conversation.
            r.holds(agentId, interactionId);
        } else {
            holdsHere(agentId, interactionId);
        }
    }

    /** As {@link #holds}, on this instance only. */
    public void holdsHere(long agentId, long interactionId) {
        holders.put(interactionId, agentId);
    }

    @Override
    public void committed(List<RoutingEvent> events, Instant at) {
        for (RoutingEvent event : events) {
            track(event);
            Long agentId = AgentFrames.agentOf(event);
            JsonObject frame = agentId == null ? null : AgentFrames.of(event, at);
            if (frame == null) {
                continue;
            }
            if (event instanceof RoutingEvent.Offered || event instanceof RoutingEvent.Accepted) {
                inOrder(agentId, details.decorate(frame, event.contact()).map(f -> List.of(AgentFrames.text(f)))
                        .subscribeAsCompletionStage());
            } else {
                inOrder(agentId, CompletableFuture.completedFuture(List.of(AgentFrames.text(frame))));
            }
        }
    }

    /** Sends the agent's routing frames in the order of their events, each once it is complete. */
    private void inOrder(long agentId, CompletionStage<List<String>> frames) {
        lines.compute(agentId, (id, tail) -> (tail == null ? CompletableFuture.<Void>completedFuture(null) : tail)
                .thenCompose(x -> frames)
                .handle((texts, e) -> {
                    if (texts != null) {
                        texts.forEach(text -> sendHere(agentId, text));
                    }
                    return null;
                }));
    }

    @Override
    public void published(String payload, Long interactionId) {
        Long agentId = interactionId == null ? null : holders.get(interactionId);
        if (agentId != null) {
            // The event is JSON already: wrapped as it is, not parsed and written again.
            sendHere(agentId, "{\"type\":\"touchpoint\",\"touchpoint\":" + payload + "}");
        }
    }

    @Override
    public void send(long agentId, String text) {
        Relay r = relay;
        if (r != null) {
            r.frame(agentId, text);
        } else {
            sendHere(agentId, text);
        }
    }

    /** Sends a frame to the agent's sockets on this instance. */
    public void sendHere(long agentId, String text) {
        Set<WebSocketConnection> set = byAgent.get(agentId);
        if (set == null) {
            return;
        }
        for (WebSocketConnection c : set) {
            if (c.isOpen()) {
                c.sendText(text).subscribe().with(ok -> { },
                        e -> LOG.debugf("Frame to agent %d not sent: %s", agentId, e.getMessage()));
            }
        }
    }

    private void track(RoutingEvent event) {
        if (event instanceof RoutingEvent.Accepted e) {
            holders.put(e.contact().interactionId(), e.agentId());
        } else if (event instanceof RoutingEvent.WrapUpEnded || event instanceof RoutingEvent.Transferred) {
            holders.remove(event.contact().interactionId());
        }
    }
}
