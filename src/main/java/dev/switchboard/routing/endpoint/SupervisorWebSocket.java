package dev.switchboard.routing.endpoint;

import dev.switchboard.auth.Roles;
import dev.switchboard.interaction.Channel;
import dev.switchboard.organisation.scope.DataScope;
import dev.switchboard.organisation.scope.DataScopes;
import dev.switchboard.organisation.scope.ScopedRecord;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.routing.engine.Presence;
import dev.switchboard.routing.service.RoutingService;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.security.RolesAllowed;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The supervisor's live view of queues and agents, and its actions on them (protocol in docs/routing.md). */
@WebSocket(path = "/ws/supervisor")
@RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
public class SupervisorWebSocket {

    private final SupervisorFeed feed;
    private final RoutingService routing;
    private final JsonWebToken jwt;
    private final DataScopes scopes;

    SupervisorWebSocket(SupervisorFeed feed, RoutingService routing, JsonWebToken jwt, DataScopes scopes) {
        this.feed = feed;
        this.routing = routing;
        this.jwt = jwt;
        this.scopes = scopes;
    }

    @OnOpen
    Uni<String> open(WebSocketConnection connection) {
        return scope().chain(scope -> {
            feed.opened(connection, scope.all() ? null : scope.queues(), scope.agentSet());
            return feed.snapshot(connection);
        });
    }

    @OnClose
    void close(WebSocketConnection connection) {
        feed.closed(connection);
    }

    @OnTextMessage
    Uni<String> message(String text, WebSocketConnection connection) {
        String actor = jwt.getName();
        return AgentFrames.answer(text, (frame, type) -> switch (type) {
            case "agent-presence" -> {
                long agentId = number(frame, "agentId");
                Presence presence = presence(frame);
                String reason = AgentWebSocket.text(frame, "reason");
                Set<Channel> channels = AgentWebSocket.channels(frame.getValue("channels"));
                yield within(ScopedRecord.AGENT, agentId)
                        .chain(() -> routing.setAgentPresence(actor, agentId, presence, reason, channels));
            }
            case "move" -> {
                long interactionId = AgentWebSocket.interaction(frame);
                if (frame.getValue("queueId") != null) {
                    long queueId = number(frame, "queueId");
                    yield within(ScopedRecord.INTERACTION, interactionId)
                            .chain(() -> routing.moveToQueue(actor, interactionId, queueId));
                }
                long agentId = number(frame, "agentId");
                yield within(ScopedRecord.INTERACTION, interactionId).chain(() -> within(ScopedRecord.AGENT, agentId))
                        .chain(() -> routing.moveToAgent(actor, interactionId, agentId));
            }
            case "due-by" -> {
                long interactionId = AgentWebSocket.interaction(frame);
                Instant dueBy = instant(frame);
                yield within(ScopedRecord.INTERACTION, interactionId)
                        .chain(() -> routing.changeDueBy(actor, interactionId, dueBy));
            }
            case "subscribe" -> {
                feed.subscribe(connection, ids(frame, "queueIds"), ids(frame, "teamIds"));
                yield Uni.createFrom().voidItem();
            }
            case "watch" -> {
                long interactionId = AgentWebSocket.interaction(frame);
                // Audited first: nobody reads a conversation without a trace of it.
                yield within(ScopedRecord.INTERACTION, interactionId).chain(() -> routing.watch(actor, interactionId))
                        .invoke(() -> feed.watch(connection, interactionId));
            }
            case "unwatch" -> {
                feed.unwatch(connection, AgentWebSocket.interaction(frame));
                yield Uni.createFrom().voidItem();
            }
            case "snapshot" -> Uni.createFrom().voidItem();
            default -> throw new IllegalArgumentException("unknown type '" + type + "'");
        }, (type, ref, result) -> switch (type) {
            case "snapshot" -> feed.snapshot(connection);
            // The ack first, then the snapshot of what the supervisor now subscribes to.
            case "subscribe" -> connection.sendText(AgentFrames.ack(type, ref).encode())
                    .chain(() -> feed.snapshot(connection));
            default -> Uni.createFrom().item(AgentFrames.ack(type, ref).encode());
        });
    }

    private Uni<DataScope> scope() {
        return scopes.of(jwt.getSubject(), jwt.getGroups());
    }

    /** Fails with the record's not-found unless the supervisor's data scope covers it. */
    private Uni<Void> within(ScopedRecord record, long id) {
        return scope().chain(scope -> scopes.covers(scope, record, id)).map(yes -> {
            if (!yes) {
                throw ProblemException.notFound(record.word(), id);
            }
            return null;
        });
    }

    /** A list of ids, empty when the field is absent or null. */
    private static Set<Long> ids(JsonObject frame, String field) {
        Object value = frame.getValue(field);
        if (value == null) {
            return Set.of();
        }
        if (!(value instanceof JsonArray array)) {
            throw new IllegalArgumentException(field + " must be a list of ids");
        }
        Set<Long> ids = new HashSet<>();
        for (Object o : array) {
            if (!(o instanceof Number n)) {
                throw new IllegalArgumentException(field + " must be a list of ids");
            }
            ids.add(n.longValue());
        }
        return Set.copyOf(ids);
    }

    private static long number(JsonObject frame, String field) {
        if (!(frame.getValue(field) instanceof Number n)) {
            throw new IllegalArgumentException(field + " is required and must be a number");
        }
        return n.longValue();
    }

    private static Presence presence(JsonObject frame) {
        String value = AgentWebSocket.text(frame, "presence");
        try {
            return Presence.valueOf(String.valueOf(value).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("presence must be AVAILABLE, PAUSED or OFFLINE");
        }
    }

    private static Instant instant(JsonObject frame) {
        try {
            return Instant.parse(String.valueOf(AgentWebSocket.text(frame, "dueBy")));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("dueBy must be an ISO-8601 instant, e.g. 2026-11-26T10:15:30Z");
        }
    }
}
