package dev.switchboard.channel.chat.service;

import dev.switchboard.channel.chat.repository.ChatRepository;
import dev.switchboard.touchpoint.TouchpointPayloads;
import dev.switchboard.touchpoint.service.TouchpointObserver;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Marks a chat's session ended when its interaction ends or is abandoned (the session's own end writes it too; an
 * agent's end or a routing abandon reach it only as touchpoints). A write to the records: once per event, by the
 * publishing instance, not by every instance of a cluster.
 */
@ApplicationScoped
public class ChatEnds implements TouchpointObserver {

    private static final Logger LOG = Logger.getLogger(ChatEnds.class);

    private final ChatRepository repository;

    ChatEnds(ChatRepository repository) {
        this.repository = repository;
    }

    @Override
    public void published(String payload) {
        // Cheap filters first: only the ends of chats are parsed.
        if (!payload.contains("\"CHAT\"") || !(payload.contains("\"ENDED\"") || payload.contains("\"ABANDONED\""))) {
            return;
        }
        JsonObject event = new JsonObject(payload);
        String kind = event.getString("kind");
        Long interactionId = TouchpointPayloads.interactionId(payload);
        if (!"CHAT".equals(event.getString("channel")) || interactionId == null
                || !("ENDED".equals(kind) || "ABANDONED".equals(kind))) {
            return;
        }
        repository.endByInteraction(interactionId, "ABANDONED".equals(kind) ? "left" : "agent").subscribe()
                .with(ok -> { }, e -> LOG.warnf("Chat of interaction %d not marked ended: %s", interactionId,
                        e.getMessage()));
    }

    @Override
    public boolean eachInstance() {
        return false;
    }
}
