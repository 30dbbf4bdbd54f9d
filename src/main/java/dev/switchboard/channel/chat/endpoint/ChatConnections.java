package dev.switchboard.channel.chat.endpoint;

import dev.switchboard.platform.text.JsonFrames;
import dev.switchboard.touchpoint.service.TouchpointObserver;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The customers' chat sockets on this instance, by interaction. Each committed touchpoint of a
 * chat reaches its customer from here, in stream order (in a cluster, from every instance's
 * touchpoint fan-out); so do the agent's typing signals and read marks ({@link #send}).
 */
@ApplicationScoped
public class ChatConnections implements TouchpointObserver {

    private static final Logger LOG = Logger.getLogger(ChatConnections.class);

    private final Map<Long, Set<WebSocketConnection>> byInteraction = new ConcurrentHashMap<>();
    /** Set in a cluster: frames that are not touchpoints go to the chat's sockets on every instance. */
    private volatile BiConsumer<Long, String> relay;

    void opened(long interactionId, WebSocketConnection connection) {
        byInteraction.computeIfAbsent(interactionId, id -> ConcurrentHashMap.newKeySet()).add(connection);
    }

    void closed(long interactionId, WebSocketConnection connection) {
        byInteraction.computeIfPresent(interactionId, (id, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }

    @Override
    public void published(String payload, Long interactionId) {
        // Cheap filters first: only the events of chats with a socket here are parsed (a routing drain publishes
        // thousands a second of chats nobody watches from this instance).
        if (!payload.contains("\"CHAT\"")) {
            return;
        }
        if (interactionId == null || !byInteraction.containsKey(interactionId)) {
            return;
        }
        JsonObject event = JsonFrames.parse(payload);
        if (event == null || !"CHAT".equals(event.getString("channel"))) {
            return;
        }
        String kind = event.getString("kind");
        if ("ENDED".equals(kind) || "ABANDONED".equals(kind)) {
            // The session's row is marked ended by ChatEnds, once; here the sockets stop taking messages.
            Set<WebSocketConnection> set = byInteraction.get(interactionId);
            if (set != null) {
                set.forEach(c -> c.userData().put(ChatWebSocket.OPEN, false));
            }
        }
        JsonObject frame = ChatFrames.of(event);
        if (frame != null) {
            sendHere(interactionId, JsonFrames.text(frame));
        }
    }

    /** In a cluster: {@link #send} hands frames to {@code relay}, which brings them to {@link #sendHere} everywhere. */
    public void relay(BiConsumer<Long, String> relay) {
        this.relay = relay;
    }

    /**
     * Sends a frame that is not a touchpoint (typing, read marks, an idle end's reason) to every socket of the chat:
     * alone, those on this instance; in a cluster, those on every instance, through the relay.
     */
    public void send(long interactionId, JsonObject frame) {
        BiConsumer<Long, String> r = relay;
        String text = JsonFrames.text(frame);
        if (r != null) {
            r.accept(interactionId, text);
        } else {
            sendHere(interactionId, text);
        }
    }

    /** Sends a frame to every socket of the chat on this instance. */
    public void sendHere(long interactionId, String text) {
        Set<WebSocketConnection> set = byInteraction.get(interactionId);
        if (set == null) {
            return;
        }
        for (WebSocketConnection c : set) {
            if (c.isOpen()) {
                c.sendText(text).subscribe().with(ok -> { },
                        e -> LOG.debugf("Frame to chat %d not sent: %s", interactionId, e.getMessage()));
            }
        }
    }
}
