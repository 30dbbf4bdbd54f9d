package dev.switchboard.channel.chat.service;

import dev.switchboard.channel.chat.repository.ChatRepository;
import dev.switchboard.touchpoint.TouchpointPayloads;
import dev.switchboard.touchpoint.service.TouchpointObserver;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * Marks a chat's session ended when its interaction ends or is abandoned (the session's own end writes it too; an
 * agent's end or a routing abandon reach it only as touchpoints). A write to the records: once per event, by the
 * publishing instance, not by every instance of a cluster. The ends heard while the publisher hands on a batch of
 * events are written together, with one statement, once that batch is handed on (a routing drain ends hundreds of
 * chats a second).
 */
@ApplicationScoped
public class ChatEnds implements TouchpointObserver {

    private static final Logger LOG = Logger.getLogger(ChatEnds.class);

    private final ChatRepository repository;
    private final Vertx vertx;
    private List<Long> interactions = new ArrayList<>();
    private List<String> reasons = new ArrayList<>();
    private boolean flushing;

    ChatEnds(ChatRepository repository, Vertx vertx) {
        this.repository = repository;
        this.vertx = vertx;
    }

    @Override
    public void published(String payload, Long interactionId) {
        // Cheap filters first: only the ends of chats are parsed.
        if (!payload.contains("\"CHAT\"") || !(payload.contains("\"ENDED\"") || payload.contains("\"ABANDONED\""))) {
            return;
        }
        String[] event = TouchpointPayloads.texts(payload, "kind", "channel");
        String kind = event[0];
        if (!"CHAT".equals(event[1]) || interactionId == null
                || !("ENDED".equals(kind) || "ABANDONED".equals(kind))) {
            return;
        }
        boolean first;
        synchronized (this) {
            interactions.add(interactionId);
            reasons.add("ABANDONED".equals(kind) ? "left" : "agent");
            first = !flushing;
            flushing = true;
        }
        if (first) {
            // After the publisher's current task: the rest of its batch joins this write.
            vertx.runOnContext(v -> flush());
        }
    }

    private void flush() {
        List<Long> ids;
        List<String> why;
        synchronized (this) {
            ids = interactions;
            why = reasons;
            interactions = new ArrayList<>();
            reasons = new ArrayList<>();
            flushing = false;
        }
        repository.endByInteractions(ids, why).subscribe().with(n -> { },
                e -> LOG.warnf("Chats of interactions %s not marked ended: %s", ids, e.getMessage()));
    }

    @Override
    public boolean eachInstance() {
        return false;
    }
}
