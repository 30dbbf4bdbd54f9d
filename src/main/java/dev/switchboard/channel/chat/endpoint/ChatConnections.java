package dev.switchboard.channel.chat.endpoint;

import dev.switchboard.channel.chat.repository.ChatRepository;
import dev.switchboard.touchpoint.TouchpointPayloads;
import dev.switchboard.touchpoint.service.TouchpointObserver;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The customers' chat sockets on this instance, by interaction. Each committed touchpoint of a
 * chat reaches its customer from here, in stream order; so do the agent's typing signals.
 */
@ApplicationScoped
public class ChatConnections implements TouchpointObserver {

    private static final Logger LOG = Logger.getLogger(ChatConnections.class);

    private final Map<Long, Set<WebSocketConnection>> byInteraction = new ConcurrentHashMap<>();
    private final ChatRepository repository;

    ChatConnections(ChatRepository repository) {
        this.repository = repository;
    }

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
    public void published(String payload) {
        // Cheap filter first: only chat events are parsed.
        if (!payload.contains("\"CHAT\"")) {
            return;
        }
        JsonObject event = new JsonObject(payload);
        if (!"CHAT".equals(event.getString("channel"))) {
            return;
        }
        Long interactionId = TouchpointPayloads.interactionId(payload);
        if (interactionId == null) {
            return;
        }
        String kind = event.getString("kind");
        if ("ENDED".equals(kind) || "ABANDONED".equals(kind)) {
            repository.endByInteraction(interactionId, "ABANDONED".equals(kind) ? "left" : "agent").subscribe()
                    .with(ok -> { }, e -> LOG.warnf("Chat of interaction %d not marked ended: %s", interactionId,
                            e.getMessage()));
            Set<WebSocketConnection> set = byInteraction.get(interactionId);
            if (set != null) {
                set.forEach(c -> c.userData().put(ChatWebSocket.OPEN, false));
            }
        }
        JsonObject frame = ChatFrames.of(event);
        if (frame != null) {
            send(interactionId, frame);
        }
    }

    /** Sends a frame to every socket of the chat on this instance. */
    public void send(long interactionId, JsonObject frame) {
        Set<WebSocketConnection> set = byInteraction.get(interactionId);
        if (set == null) {
            return;
        }
        String text = frame.encode();
        for (WebSocketConnection c : set) {
            if (c.isOpen()) {
                c.sendText(text).subscribe().with(ok -> { },
                        e -> LOG.debugf("Frame to chat %d not sent: %s", interactionId, e.getMessage()));
            }
        }
    }
}
