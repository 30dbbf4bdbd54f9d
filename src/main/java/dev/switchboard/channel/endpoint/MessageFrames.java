package dev.switchboard.channel.endpoint;

import dev.switchboard.channel.Actor;
import dev.switchboard.channel.OutboundResult;
import dev.switchboard.channel.service.OutboundService;
import dev.switchboard.interaction.Channel;
import dev.switchboard.routing.AgentFrameHandler;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The agent socket's message frames: {@code send} replies on one of the agent's interactions,
 * {@code start} opens a conversation with a customer. Both answer after the message is stored;
 * its delivery then shows in the interaction's DELIVERY touchpoints.
 */
@ApplicationScoped
public class MessageFrames implements AgentFrameHandler {

    private final OutboundService outbound;

    MessageFrames(OutboundService outbound) {
        this.outbound = outbound;
    }

    @Override
    public Set<String> types() {
        return Set.of("send", "start");
    }

    @Override
    public Uni<JsonObject> handle(AgentFrame frame) {
        JsonObject body = frame.body();
        Actor actor = new Actor(frame.username(), frame.agentId(), false);
        String key = string(body, "idempotencyKey");
        Uni<OutboundResult> sent = switch (frame.type()) {
            case "send" -> outbound.reply(actor, number(body, "interactionId"), string(body, "text"), List.of(),
                    data(body), key);
            case "start" -> outbound.start(actor, number(body, "customerId"), channel(body), string(body, "to"),
                    string(body, "text"), List.of(), data(body), key);
            default -> throw new IllegalArgumentException("unknown type '" + frame.type() + "'");
        };
        return sent.map(r -> new JsonObject().put("interactionId", r.interactionId())
                .put("touchpointId", r.touchpointId()).put("status", r.status().name()));
    }

    private static long number(JsonObject body, String field) {
        if (!(body.getValue(field) instanceof Number n)) {
            throw new IllegalArgumentException(field + " is required and must be a number");
        }
        return n.longValue();
    }

    private static String string(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v != null && !(v instanceof String)) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return (String) v;
    }

    private static Map<String, Object> data(JsonObject body) {
        Object v = body.getValue("data");
        if (v != null && !(v instanceof JsonObject)) {
            throw new IllegalArgumentException("data must be an object");
        }
        return v == null ? Map.of() : ((JsonObject) v).getMap();
    }

    private static Channel channel(JsonObject body) {
        String value = string(body, "channel");
        try {
            return Channel.valueOf(String.valueOf(value).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("channel must be one of SMS, EMAIL, CHAT, FAX");
        }
    }
}
