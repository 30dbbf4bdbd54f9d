package dev.switchboard.routing.endpoint;

import dev.switchboard.auth.Roles;
import dev.switchboard.interaction.Channel;
import dev.switchboard.routing.AgentFrameHandler;
import dev.switchboard.routing.RoutingConfig;
import dev.switchboard.routing.engine.Presence;
import dev.switchboard.routing.engine.RoutingEvent;
import dev.switchboard.routing.engine.RoutingRefusal;
import dev.switchboard.routing.repository.RoutingRepository;
import dev.switchboard.routing.service.Router;
import dev.switchboard.routing.service.RoutingQuery;
import dev.switchboard.routing.service.RoutingService;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** The agent's live line: presence in, offers and its interactions' news out (protocol in docs/routing.md). */
@WebSocket(path = "/ws/agent")
@RolesAllowed(Roles.AGENT)
public class AgentWebSocket {

    static final TypedKey<Long> AGENT = TypedKey.forLong("agent");
    private static final TypedKey<Pipeline> PIPELINE = new TypedKey<>("routing-frames");
    /** Who signed in on the socket: the token's name, read once at the upgrade (per frame it costs a lookup). */
    private static final TypedKey<String> USER = TypedKey.forString("user");
    /** The routing frames the socket hands on without waiting for the commit of the one before. */
    private static final Set<String> HANDED_ON = Set.of("accept", "decline", "end", "wrap-up");
    private static final Logger LOG = Logger.getLogger(AgentWebSocket.class);

    private final RoutingService routing;
    private final RoutingRepository repository;
    private final Router router;
    private final AgentConnections connections;
    private final RoutingConfig config;
    private final JsonWebToken jwt;
    private final Map<String, AgentFrameHandler> handlers = new HashMap<>();
    private final FrameDetails details;
    private final InteractionLanes lanes;

    AgentWebSocket(RoutingService routing, RoutingRepository repository, Router router, AgentConnections connections,
                   RoutingConfig config, JsonWebToken jwt, Instance<AgentFrameHandler> handlers, FrameDetails details,
                   InteractionLanes lanes) {
        this.details = details;
        this.lanes = lanes;
        handlers.forEach(h -> h.types().forEach(t -> {
            if (this.handlers.putIfAbsent(t, h) != null) {
                throw new IllegalStateException("Two handlers for agent frame '" + t + "'");
            }
        }));
        this.routing = routing;
        this.repository = repository;
        this.router = router;
        this.connections = connections;
        this.config = config;
        this.jwt = jwt;
        connections.stateFramesBy(this::framesWithOffers);
    }

    /**
     * Sends the agent's state, then an {@code offer} frame for each offer it has pending: offers made
     * while it had no socket (after a restart, during a reconnect) reach it now, and count as seen.
     */
    @OnOpen
    Uni<Void> open(WebSocketConnection connection) {
        String username = jwt.getName();
        connection.userData().put(USER, username);
        // The endpoint is serial: an opening that never ends would also hold back the socket's close, and the
        // client would wait for a state frame that no log explains.
        return opening(username, connection).ifNoItem().after(config.socketOpenTimeout())
                .recoverWithUni(() -> tooSlow(username, connection));
    }

    private Uni<Void> tooSlow(String username, WebSocketConnection connection) {
        LOG.warnf("Agent socket of %s (agent %s) not open within %s: closed with 1013, the client may reconnect",
                username, connection.userData().get(AGENT), config.socketOpenTimeout());
        return connection.close(new CloseReason(1013, "state not ready in time; try again later"));
    }

    private Uni<Void> opening(String username, WebSocketConnection connection) {
        return repository.agentOfUser(username).flatMap(agentId -> {
            if (agentId == null) {
                return connection.close(new CloseReason(4403, "no agent record for this user"));
            }
            connection.userData().put(AGENT, agentId);
            connections.opened(agentId, connection);
            return routing.refreshAgent(agentId)
                    .chain(() -> routing.reachable(agentId, true))
                    .chain(() -> framesWithOffers(agentId))
                    .chain(frames -> sendInOrder(connection, frames));
        });
    }

    private static Uni<Void> sendInOrder(WebSocketConnection connection, List<String> frames) {
        Uni<Void> sent = Uni.createFrom().voidItem();
        for (String frame : frames) {
            sent = sent.chain(() -> connection.sendText(frame));
        }
        return sent;
    }

    /**
     * Frames are handled one after the other (the endpoint is serial), with two exceptions. A {@code send} does not
     * hold up the frames after it: it runs beside them, in order with the other frames about its interaction
     * (a frame about an interaction waits for the sends before it on that interaction, and a send for the
     * frames before it). And a routing frame about an interaction ({@code accept}, {@code decline}, {@code end},
     * {@code wrap-up}) holds up the next routing frame only until its command is on the routing thread's queue, not
     * until it is committed, so that the journal can commit an {@code end} and the {@code wrap-up} sent right after
     * it in one batch: their commands still run in the order the frames came, each answer still goes out only after
     * its command was committed, and the answers go out in the order of the frames. Any other frame waits until the
     * routing frames before it are answered, as if they had been handled one after the other.
     */
    @OnTextMessage
    Uni<Void> message(String text, WebSocketConnection connection) {
        JsonObject frame = AgentFrames.parse(text);
        String username = connection.userData().get(USER);
        Pipeline pipeline = pipeline(connection);
        Long lane = frame != null && frame.getValue("interactionId") instanceof Number n ? n.longValue() : null;
        if (lane != null && frame.getValue("type") instanceof String type && HANDED_ON.contains(type)) {
            return handOn(frame, lane, connection, pipeline);
        }
        CompletableFuture<Void> answered = pipeline.answered;
        if (answered.isDone()) {
            return message(text, frame, lane, connection, username);
        }
        // Back on the frame's own context once they are answered: the answers may end on any thread.
        Context context = Vertx.currentContext();
        Uni<Void> turn = Uni.createFrom().completionStage(answered);
        if (context != null) {
            turn = turn.emitOn(task -> context.runOnContext(x -> task.run()));
        }
        return turn.chain(() -> message(text, frame, lane, connection, username));
    }

    private Uni<Void> message(String text, JsonObject frame, Long lane, WebSocketConnection connection,
                              String username) {
        if (lane == null) {
            return answer(text, frame, connection, username);
        }
        if ("send".equals(frame.getValue("type"))) {
            lanes.run(lane, () -> answer(text, frame, connection, username)).subscribe().with(x -> { },
                    e -> LOG.debugf("Answer to a send frame not sent: %s", e.getMessage()));
            return Uni.createFrom().voidItem();
        }
        // In the lane too, so that a send after it waits for it.
        return lanes.run(lane, () -> answer(text, frame, connection, username));
    }

    /** The routing frames of one socket: what the next routing frame and the other frames wait for. */
    private static final class Pipeline {
        /** Completes once every routing frame handed on so far was answered (or its answer failed). */
        volatile CompletableFuture<Void> answered = CompletableFuture.completedFuture(null);
    }

    private static Pipeline pipeline(WebSocketConnection connection) {
        Pipeline pipeline = connection.userData().get(PIPELINE);
        if (pipeline == null) {
            pipeline = new Pipeline();
            connection.userData().put(PIPELINE, pipeline);
        }
        return pipeline;
    }

    /**
     * Starts a routing frame once the sends before it on its interaction ended; emits once its command is on the
     * routing thread's queue (or the frame was refused before that). Its answer goes out after its command was
     * committed and after the answers of the routing frames before it.
     */
    private Uni<Void> handOn(JsonObject frame, long lane, WebSocketConnection connection, Pipeline pipeline) {
        long agentId = connection.userData().get(AGENT);
        CompletableFuture<Void> queued = new CompletableFuture<>();
        CompletableFuture<Void> before = pipeline.answered;
        CompletableFuture<Void> answered = new CompletableFuture<>();
        pipeline.answered = answered;
        AgentFrames.Action action = (f, type) -> handedOn(agentId, f, type).invoke(() -> queued.complete(null))
                .chain(committed -> committed);
        AgentFrames.Done done = (type, ref, result) ->
                Uni.createFrom().item(ref == null ? null : AgentFrames.text(AgentFrames.ack(type, ref, result)));
        lanes.idle(lane).chain(() -> AgentFrames.answer(frame, action, done))
                .onTermination().invoke(() -> queued.complete(null))
                .chain(reply -> Uni.createFrom().completionStage(before)
                        .chain(() -> reply == null ? Uni.createFrom().voidItem() : connection.sendText(reply)))
                .onTermination().invoke(() -> answered.complete(null))
                .subscribe().with(x -> { }, e -> LOG.debugf("Answer to a routing frame not sent: %s", e.getMessage()));
        return Uni.createFrom().completionStage(queued);
    }

    /** The command of a routing frame, handed on (see {@link Router#handOn}). */
    private Uni<Uni<List<RoutingEvent>>> handedOn(long agentId, JsonObject frame, String type) {
        long interactionId = interaction(frame);
        return switch (type) {
            case "accept" -> routing.acceptHandedOn(agentId, interactionId);
            case "decline" -> routing.declineHandedOn(agentId, interactionId);
            case "end" -> owned(agentId, interactionId).chain(id -> routing.endByAgentHandedOn(id));
            case "wrap-up" -> routing.wrapUpHandedOn(agentId, interactionId, text(frame, "disposition"));
            default -> throw new IllegalStateException("not a routing frame: " + type);
        };
    }

    private Uni<Void> answer(String text, JsonObject frame, WebSocketConnection connection, String username) {
        return reply(text, frame, connection, username)
                .chain(r -> r == null ? Uni.createFrom().voidItem() : connection.sendText(r));
    }

    /** The answer to a frame ({@code parsed}: null when it is not JSON), or null when it needs none. */
    private Uni<String> reply(String text, JsonObject parsed, WebSocketConnection connection, String username) {
        long agentId = connection.userData().get(AGENT);
        // An ack only when the client asked for one with a ref: the event frames confirm the rest.
        AgentFrames.Action action = (frame, type) -> switch (type) {
            case "presence" -> routing.presence(agentId, presence(frame), frame.getString("reason"),
                    channels(frame.getValue("channels")));
            case "accept" -> routing.accept(agentId, interaction(frame));
            case "decline" -> routing.decline(agentId, interaction(frame));
            case "end" -> owned(agentId, interaction(frame)).chain(id -> routing.endByAgent(id));
            case "wrap-up" -> routing.wrapUp(agentId, interaction(frame), text(frame, "disposition"));
            case "transfer" -> routing.transfer(agentId, interaction(frame), optionalNumber(frame, "queueId"),
                    optionalNumber(frame, "agentId"));
            case "state" -> Uni.createFrom().voidItem();
            default -> handler(type).handle(new AgentFrameHandler.AgentFrame(username, agentId, type, frame));
        };
        AgentFrames.Done done = (type, ref, result) -> type.equals("state") ? state(agentId)
                : Uni.createFrom().item(ref == null ? null : AgentFrames.text(AgentFrames.ack(type, ref, result)));
        return parsed == null ? AgentFrames.answer(text, action, done) : AgentFrames.answer(parsed, action, done);
    }

    private AgentFrameHandler handler(String type) {
        AgentFrameHandler handler = handlers.get(type);
        if (handler == null) {
            throw new IllegalArgumentException("unknown type '" + type + "'");
        }
        return handler;
    }

    @OnClose
    void close(WebSocketConnection connection) {
        Long agentId = connection.userData().get(AGENT);
        if (agentId != null && connections.closed(agentId, connection)) {
            // Offers made from now on are not seen until the agent is back; they expire without counting.
            routing.reachable(agentId, connections.isConnected(agentId)).subscribe().with(x -> { }, e -> { });
            router.later(config.socketGrace(), () -> routing.graceExpired(agentId));
        }
    }

    private Uni<String> state(long agentId) {
        return frames(agentId).map(frames -> frames.get(0));
    }

    /**
     * The state frame, followed by a replayed {@code offer} frame per pending offer, each with what the features add
     * to it (a proactive task's event and suggested action).
     */
    private Uni<List<String>> framesWithOffers(long agentId) {
        return seen(agentId).chain(seen -> {
            if (seen == null) {
                return Uni.createFrom().item(unknown(agentId));
            }
            Instant now = Instant.now();
            List<Uni<String>> frames = new ArrayList<>();
            frames.add(Uni.createFrom().item(AgentFrames.state(seen.status()).encode()));
            seen.view().held().stream().filter(h -> h.phase().equals("OFFERED"))
                    .forEach(h -> frames.add(details.decorate(AgentFrames.replayedOffer(h.contact(), h.until(), now),
                            h.contact()).map(AgentFrames::text)));
            return Uni.join().all(frames).andFailFast();
        });
    }

    /** The state frame, followed by a replayed {@code offer} frame per pending offer. */
    private Uni<List<String>> frames(long agentId) {
        Instant now = Instant.now();
        return seen(agentId).map(seen -> {
            if (seen == null) {
                return unknown(agentId);
            }
            List<String> frames = new ArrayList<>();
            frames.add(AgentFrames.state(seen.status()).encode());
            seen.view().held().stream().filter(h -> h.phase().equals("OFFERED"))
                    .forEach(h -> frames.add(AgentFrames.text(AgentFrames.replayedOffer(h.contact(), h.until(), now))));
            return frames;
        });
    }

    private static List<String> unknown(long agentId) {
        return List.of(AgentFrames.text(AgentFrames.error("unknown-agent", "agent " + agentId + " is not known",
                null)));
    }

    /** The agent's view and status now (null for an unknown agent); remembers the work it holds. */
    private Uni<RoutingQuery.AgentSeen> seen(long agentId) {
        return router.query(new RoutingQuery.AgentLine(agentId)).invoke(seen -> {
            if (seen != null) {
                seen.status().work().forEach(w -> connections.holdsHere(agentId, w.interactionId()));
            }
        });
    }

    /** An agent may end only a contact it holds. */
    private Uni<Long> owned(long agentId, long interactionId) {
        return router.query(new RoutingQuery.Holder(interactionId)).map(holder -> {
            if (holder == null || holder != agentId) {
                throw new RoutingRefusal("not-yours", "interaction " + interactionId + " is not one of your contacts");
            }
            return interactionId;
        });
    }

    private static Presence presence(JsonObject frame) {
        String value = text(frame, "presence");
        if (value == null) {
            throw new IllegalArgumentException("presence is required: AVAILABLE, PAUSED or OFFLINE");
        }
        try {
            return Presence.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("presence must be AVAILABLE, PAUSED or OFFLINE");
        }
    }

    static Set<Channel> channels(Object value) {
        if (value == null) {
            return Set.of();
        }
        if (!(value instanceof JsonArray array)) {
            throw new IllegalArgumentException("channels must be a list");
        }
        EnumSet<Channel> set = EnumSet.noneOf(Channel.class);
        for (Object o : array) {
            try {
                set.add(Channel.valueOf(String.valueOf(o).toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown channel '" + o + "'");
            }
        }
        return set;
    }

    static long interaction(JsonObject frame) {
        if (!(frame.getValue("interactionId") instanceof Number n)) {
            throw new IllegalArgumentException("interactionId is required and must be a number");
        }
        return n.longValue();
    }

    static Long optionalNumber(JsonObject frame, String field) {
        Object v = frame.getValue(field);
        if (v != null && !(v instanceof Number)) {
            throw new IllegalArgumentException(field + " must be a number");
        }
        return v == null ? null : ((Number) v).longValue();
    }

    static String text(JsonObject frame, String field) {
        Object v = frame.getValue(field);
        if (v != null && !(v instanceof String)) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return (String) v;
    }
}
