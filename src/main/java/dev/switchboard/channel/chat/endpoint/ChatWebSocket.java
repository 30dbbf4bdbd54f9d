package dev.switchboard.channel.chat.endpoint;

import dev.switchboard.channel.chat.ChatConfig;
import dev.switchboard.channel.chat.ChatSession;
import dev.switchboard.channel.chat.repository.ChatRepository;
import dev.switchboard.channel.chat.service.ChatService;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.text.JsonFrames;
import dev.switchboard.platform.text.NulCharacters;
import dev.switchboard.routing.service.AgentSockets;
import dev.switchboard.routing.service.RoutingService;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.security.PermitAll;
import java.util.List;
import java.util.UUID;

/**
 * The customer's chat socket (protocol in docs/channels/chat.md). The first frame must be
 * {@code hello} with the session's token; then the customer gets what it missed after the
 * sequence number it names, and every message is acknowledged with its sequence number once
 * committed. A bad frame gets an error frame and the chat goes on.
 */
@WebSocket(path = "/ws/chat/{sessionId}")
@PermitAll
public class ChatWebSocket {

    static final TypedKey<Boolean> OPEN = TypedKey.forBoolean("chat-open");
    private static final TypedKey<ChatSession> SESSION = new TypedKey<>("chat-session");
    private static final TypedKey<RateLimit> RATE = new TypedKey<>("chat-rate");
    private static final int MAX_CLIENT_ID = 100;
    private static final int MAX_COMMENT = 1000;

    private final ChatService chats;
    private final ChatRepository repository;
    private final ChatConnections connections;
    private final RoutingService routing;
    private final AgentSockets agents;
    private final ChatConfig config;

    ChatWebSocket(ChatService chats, ChatRepository repository, ChatConnections connections, RoutingService routing,
                  AgentSockets agents, ChatConfig config) {
        this.chats = chats;
        this.repository = repository;
        this.connections = connections;
        this.routing = routing;
        this.agents = agents;
        this.config = config;
    }

    @OnTextMessage
    Uni<Void> message(String text, WebSocketConnection connection) {
        JsonObject frame = JsonFrames.parse(text);
        if (frame == null) {
            return send(connection, ChatFrames.error("malformed", "not a JSON object", null));
        }
        String type = frame.getValue("type") instanceof String s ? s : "";
        ChatSession session = connection.userData().get(SESSION);
        if (session == null) {
            return type.equals("hello") ? hello(frame, connection)
                    : send(connection, ChatFrames.error("unauthorized", "say hello with the session's token first", null));
        }
        return switch (type) {
            case "message" -> customerMessage(session, frame, connection);
            case "typing" -> typing(session, frame);
            case "end" -> end(session, Boolean.TRUE.equals(frame.getValue("transcript")), connection);
            case "rating" -> rating(session, frame, connection);
            case "hello" -> send(connection, ChatFrames.error("bad-frame", "already signed in", null));
            default -> send(connection, ChatFrames.error("bad-frame", "unknown type '" + type + "'", null));
        };
    }

    @OnClose
    void close(WebSocketConnection connection) {
        ChatSession session = connection.userData().get(SESSION);
        if (session != null) {
            connections.closed(session.interactionId(), connection);
        }
    }

    private Uni<Void> hello(JsonObject frame, WebSocketConnection connection) {
        UUID id;
        try {
            id = UUID.fromString(connection.pathParam("sessionId"));
        } catch (IllegalArgumentException e) {
            id = null;
        }
        Object token = frame.getValue("token");
        int after = frame.getValue("after") instanceof Number n ? n.intValue() : 0;
        return chats.authenticate(id, token instanceof String t ? t : null).chain(session -> {
            if (session == null) {
                return send(connection, ChatFrames.error("unauthorized", "wrong session or token", null))
                        .chain(() -> connection.close(new CloseReason(4401, "unauthorized")));
            }
            connection.userData().put(SESSION, session);
            connection.userData().put(OPEN, session.open());
            connection.userData().put(RATE, new RateLimit(config.messagesPerSecond(), config.messagesBurst()));
            // Registered before the replay: what commits meanwhile comes live; the widget orders by seq.
            connections.opened(session.interactionId(), connection);
            return repository.currentAgent(session.interactionId())
                    .chain(agent -> send(connection, new JsonObject().put("type", "welcome")
                            .put("sessionId", session.id().toString()).put("open", session.open()).put("agent", agent)
                            .put("readSeq", session.readSeq()).put("rated", session.rating())
                            .put("language", session.language())))
                    .chain(() -> repository.visibleAfter(session.interactionId(), after))
                    .chain(missed -> replay(connection, missed));
        });
    }

    private Uni<Void> replay(WebSocketConnection connection, List<ChatRepository.Visible> missed) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ChatRepository.Visible v : missed) {
            JsonObject frame = ChatFrames.of(v.seq(), v.kind(), v.content(), v.employee(), v.result(),
                    v.data() == null ? null : new JsonObject(v.data()), v.occurredAt());
            if (frame != null) {
                chain = chain.chain(() -> send(connection, frame));
            }
        }
        return chain;
    }

    private Uni<Void> customerMessage(ChatSession session, JsonObject frame, WebSocketConnection connection) {
        String clientId = frame.getValue("clientMessageId") instanceof String s ? s : null;
        Object text = frame.getValue("text");
        if (clientId == null || clientId.isBlank() || clientId.length() > MAX_CLIENT_ID) {
            return send(connection, ChatFrames.error("bad-frame",
                    "clientMessageId is required: a string of at most " + MAX_CLIENT_ID + " characters", clientId));
        }
        if (!(text instanceof String body) || body.isBlank()) {
            return send(connection, ChatFrames.error("bad-frame", "text is required", clientId));
        }
        if (body.length() > config.maxMessageLength()) {
            return send(connection, ChatFrames.error("too-long",
                    "a message may have at most " + config.maxMessageLength() + " characters", clientId));
        }
        if (!Boolean.TRUE.equals(connection.userData().get(OPEN))) {
            return send(connection, ChatFrames.error("chat-ended", "this chat has ended", clientId));
        }
        if (!connection.userData().get(RATE).tryTake()) {
            return send(connection, ChatFrames.error("rate-limited", "too many messages; wait a moment and send again",
                    clientId));
        }
        return chats.message(session, clientId, body, List.of())
                .chain(r -> send(connection, new JsonObject().put("type", "ack").put("clientMessageId", clientId)
                        .put("seq", r.seq())))
                .onFailure().recoverWithUni(e -> send(connection, ChatFrames.error(
                        e instanceof ProblemException p ? p.type().slug() : "failed",
                        e instanceof ProblemException ? e.getMessage() : "not stored; send it again", clientId)));
    }

    private Uni<Void> typing(ChatSession session, JsonObject frame) {
        boolean on = !Boolean.FALSE.equals(frame.getValue("on"));
        return routing.holder(session.interactionId()).invoke(agentId -> {
            if (agentId != null) {
                agents.send(agentId, JsonFrames.text(new JsonObject().put("type", "typing")
                        .put("interactionId", session.interactionId()).put("on", on)));
            }
        }).replaceWithVoid();
    }

    private Uni<Void> end(ChatSession session, boolean transcript, WebSocketConnection connection) {
        connection.userData().put(OPEN, false);
        return chats.end(session, "customer", "The customer ended the chat")
                .chain(ended -> transcript ? chats.sendTranscript(session) : Uni.createFrom().item((String) null))
                .chain(sent -> send(connection, new JsonObject().put("type", "ended").put("reason", "customer")
                        .put("transcript", sent)));
    }

    /**
     * The customer's rating of the chat (1 to 5, a comment if it likes), once, while the chat is open or after
     * it ended: a RATING touchpoint of the interaction, so the service and marketing modules read it from
     * the stream.
     */
    private Uni<Void> rating(ChatSession session, JsonObject frame, WebSocketConnection connection) {
        Object score = frame.getValue("score");
        Object comment = frame.getValue("comment");
        if (!(score instanceof Integer || score instanceof Long) || ((Number) score).longValue() < 1
                || ((Number) score).longValue() > 5) {
            return send(connection, ChatFrames.error("bad-frame", "score is required: a whole number from 1 to 5", null));
        }
        if (comment != null && (!(comment instanceof String c) || c.length() > MAX_COMMENT)) {
            return send(connection, ChatFrames.error("bad-frame",
                    "comment must be text of at most " + MAX_COMMENT + " characters", null));
        }
        int value = ((Number) score).intValue();
        String text = comment == null || ((String) comment).isBlank() ? null
                : NulCharacters.replace(((String) comment).strip());
        JsonObject data = new JsonObject().put("score", value).put("scale", 5).put("comment", text)
                .put("sessionId", session.id().toString());
        return repository.rate(session.id(), value, text, data).chain(rated -> rated
                        ? send(connection, new JsonObject().put("type", "rated").put("score", value))
                        : send(connection, ChatFrames.error("already-rated", "this chat has been rated already", null)))
                .onFailure().recoverWithUni(e -> send(connection, ChatFrames.error("failed",
                        "the rating was not stored; send it again", null)));
    }

    private static Uni<Void> send(WebSocketConnection connection, JsonObject frame) {
        return connection.sendText(JsonFrames.text(frame));
    }
}
