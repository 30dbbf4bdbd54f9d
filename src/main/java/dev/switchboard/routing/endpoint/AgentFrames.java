package dev.switchboard.routing.endpoint;

import dev.switchboard.routing.AgentStatus;
import dev.switchboard.routing.engine.RoutingEvent;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.routing.engine.RoutingRefusal;
import dev.switchboard.platform.text.InstantText;
import dev.switchboard.platform.text.JsonFrames;
import dev.switchboard.platform.text.NulCharacters;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import org.jboss.logging.Logger;

/** The frames the server sends on the agent socket; docs/routing.md lists them. */
final class AgentFrames {

    private static final Logger LOG = Logger.getLogger(AgentFrames.class);

    private AgentFrames() {
    }

    /** The frame telling an agent of an event about it, or null when the event is not the agent's business. */
    static JsonObject of(RoutingEvent event, Instant at) {
        if (event instanceof RoutingEvent.Offered e) {
            return contact("offer", e.contact()).put("expiresAt", InstantText.of(e.expiresAt()))
                    .put("waitedMs", e.decision().waited().toMillis()).put("rule", e.decision().rule());
        }
        if (event instanceof RoutingEvent.OfferEnded e) {
            return new JsonObject().put("type", "offer-ended").put("interactionId", e.contact().interactionId())
                    .put("reason", e.reason());
        }
        if (event instanceof RoutingEvent.Accepted e) {
            return contact("assigned", e.contact()).put("waitedMs", e.waited().toMillis());
        }
        if (event instanceof RoutingEvent.Transferred e) {
            return new JsonObject().put("type", "transferred").put("interactionId", e.contact().interactionId())
                    .put("toQueueId", e.contact().queueId()).put("toAgentId", e.toAgentId());
        }
        if (event instanceof RoutingEvent.WrapUpStarted e) {
            return new JsonObject().put("type", "wrap-up").put("interactionId", e.contact().interactionId())
                    .put("until", InstantText.of(e.until()));
        }
        if (event instanceof RoutingEvent.WrapUpEnded e) {
            return new JsonObject().put("type", "wrapped").put("interactionId", e.contact().interactionId())
                    .put("early", e.early());
        }
        // The states that follow from work (on contact, wrap-up) the agent learns from the work frames.
        if (event instanceof RoutingEvent.AgentChanged e && e.presenceChanged()) {
            return new JsonObject().put("type", "agent-state").put("state", e.state().name())
                    .put("reason", e.reason()).put("since", InstantText.of(e.since()));
        }
        return null;
    }

    /**
     * An offer the agent has pending, sent again after it (re)connected: the same fields as the
     * original without {@code rule}, with {@code replayed: true}; waitedMs counts up to now.
     */
    static JsonObject replayedOffer(dev.switchboard.routing.engine.Contact c, Instant expiresAt, Instant now) {
        return contact("offer", c).put("expiresAt", InstantText.of(expiresAt))
                .put("waitedMs", java.time.Duration.between(c.arrivedAt(), now).toMillis()).put("replayed", true);
    }

    /** The agent the frame is for. */
    static Long agentOf(RoutingEvent event) {
        return event instanceof RoutingEvent.AgentEvent e ? e.agentId() : null;
    }

    static JsonObject state(AgentStatus status) {
        return new JsonObject().put("type", "state").put("agent", JsonObject.mapFrom(status));
    }

    /** Starts what a client frame of the given type asks for; throws IllegalArgumentException for a bad field. */
    @FunctionalInterface
    interface Action {
        Uni<?> start(JsonObject frame, String type);
    }

    /** The answer once a frame's action is done; {@code result} is what the action emitted. */
    @FunctionalInterface
    interface Done {
        Uni<String> answer(String type, Object ref, Object result);
    }

    /**
     * Reads a client frame, runs its action, and answers: {@code onDone} once it is done, an error
     * frame when the frame is not JSON, names an unknown type or a bad field, or routing refuses it.
     */
    static Uni<String> answer(String text, Action action, Done onDone) {
        JsonObject frame = parse(text);
        return frame == null ? Uni.createFrom().item(text(error("malformed", "not a JSON object", null)))
                : answer(frame, action, onDone);
    }

    /** The frame as a JSON object, or null when it is not one (or has anything after it). */
    static JsonObject parse(String text) {
        return JsonFrames.parse(text);
    }

    /** The frame as the text sent; its values are JSON's own (strings, numbers, booleans, objects, arrays). */
    static String text(JsonObject frame) {
        return JsonFrames.text(frame);
    }

    /** {@link #answer(String, Action, Done)} for a frame already read. */
    static Uni<String> answer(JsonObject frame, Action action, Done onDone) {
        Object ref = frame.getValue("ref");
        String type = frame.getValue("type") instanceof String s ? s : "";
        if (NulCharacters.inAny(frame)) {
            // What an agent writes is API input: refused, as over REST (PostgreSQL cannot store a NUL).
            return Uni.createFrom().item(text(error("validation", "the frame " + NulCharacters.NUL_MESSAGE, ref)));
        }
        Uni<?> started;
        try {
            started = action.start(frame, type);
        } catch (IllegalArgumentException | ClassCastException | ProblemException e) {
            return Uni.createFrom().item(text(error("bad-frame", e.getMessage(), ref)));
        }
        return started.chain(result -> onDone.answer(type, ref, result))
                .onFailure().recoverWithItem(e -> {
                    if (e instanceof RoutingRefusal r) {
                        return text(error(r.code(), r.getMessage(), ref));
                    }
                    if (e instanceof ProblemException p) {
                        return text(error(p.type().slug(), p.getMessage(), ref));
                    }
                    // Never the raw cause (a database message) to the client: it is logged.
                    LOG.errorf(e, "Agent frame %s failed", type);
                    return text(error("failed", "the service failed; the error is logged", ref));
                });
    }

    static JsonObject error(String code, String detail, Object ref) {
        return new JsonObject().put("type", "error").put("code", code).put("detail", detail).put("ref", ref);
    }

    static JsonObject ack(String of, Object ref) {
        return new JsonObject().put("type", "ack").put("of", of).put("ref", ref);
    }

    /** An ack that carries what the action answered (a message's touchpoint id), when it answered a JSON object. */
    static JsonObject ack(String of, Object ref, Object result) {
        JsonObject ack = ack(of, ref);
        if (result instanceof JsonObject fields) {
            fields.forEach(f -> ack.put(f.getKey(), f.getValue()));
        }
        return ack;
    }

    private static JsonObject contact(String type, dev.switchboard.routing.engine.Contact c) {
        return new JsonObject().put("type", type).put("interactionId", c.interactionId())
                .put("customerId", c.customerId()).put("channel", c.channel().name()).put("tier", c.tier().name())
                .put("queueId", c.queueId()).put("arrivedAt", InstantText.of(c.arrivedAt()))
                .put("dueBy", InstantText.of(c.dueBy())).put("direction", c.direction().name());
    }
}
