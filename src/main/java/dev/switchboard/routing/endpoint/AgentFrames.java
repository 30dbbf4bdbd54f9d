package dev.switchboard.routing.endpoint;

import dev.switchboard.routing.AgentStatus;
import dev.switchboard.routing.engine.RoutingEvent;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/** The frames the server sends on the agent socket; docs/routing.md lists them. */
final class AgentFrames {

    private AgentFrames() {
    }

    /** The frame telling an agent of an event about it, or null when the event is not the agent's business. */
    static JsonObject of(RoutingEvent event, Instant at) {
        if (event instanceof RoutingEvent.Offered e) {
            return contact("offer", e.contact()).put("expiresAt", e.expiresAt().toString())
                    .put("waitedMs", e.decision().waited().toMillis()).put("rule", e.decision().rule());
        }
        if (event instanceof RoutingEvent.OfferEnded e) {
            return new JsonObject().put("type", "offer-ended").put("interactionId", e.contact().interactionId())
                    .put("reason", e.reason());
        }
        if (event instanceof RoutingEvent.Accepted e) {
            return contact("assigned", e.contact()).put("waitedMs", e.waited().toMillis());
        }
        if (event instanceof RoutingEvent.WrapUpStarted e) {
            return new JsonObject().put("type", "wrap-up").put("interactionId", e.contact().interactionId())
                    .put("until", e.until().toString());
        }
        if (event instanceof RoutingEvent.WrapUpEnded e) {
            return new JsonObject().put("type", "wrapped").put("interactionId", e.contact().interactionId())
                    .put("early", e.early());
        }
        // The states that follow from work (on contact, wrap-up) the agent learns from the work frames.
        if (event instanceof RoutingEvent.AgentChanged e && e.presenceChanged()) {
            return new JsonObject().put("type", "agent-state").put("state", e.state().name())
                    .put("reason", e.reason()).put("since", e.since().toString());
        }
        return null;
    }

    /** The agent the frame is for. */
    static Long agentOf(RoutingEvent event) {
        if (event instanceof RoutingEvent.Offered e) {
            return e.agentId();
        }
        if (event instanceof RoutingEvent.OfferEnded e) {
            return e.agentId();
        }
        if (event instanceof RoutingEvent.Accepted e) {
            return e.agentId();
        }
        if (event instanceof RoutingEvent.WrapUpStarted e) {
            return e.agentId();
        }
        if (event instanceof RoutingEvent.WrapUpEnded e) {
            return e.agentId();
        }
        if (event instanceof RoutingEvent.AgentChanged e) {
            return e.agentId();
        }
        return null;
    }

    static JsonObject state(AgentStatus status) {
        return new JsonObject().put("type", "state").put("agent", JsonObject.mapFrom(status));
    }

    static JsonObject error(String code, String detail, Object ref) {
        return new JsonObject().put("type", "error").put("code", code).put("detail", detail).put("ref", ref);
    }

    static JsonObject ack(String of, Object ref) {
        return new JsonObject().put("type", "ack").put("of", of).put("ref", ref);
    }

    private static JsonObject contact(String type, dev.switchboard.routing.engine.Contact c) {
        return new JsonObject().put("type", type).put("interactionId", c.interactionId())
                .put("customerId", c.customerId()).put("channel", c.channel().name()).put("tier", c.tier().name())
                .put("queueId", c.queueId()).put("arrivedAt", c.arrivedAt().toString())
                .put("dueBy", c.dueBy().toString());
    }
}
