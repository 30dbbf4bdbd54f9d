package dev.switchboard.channel.chat.endpoint;

import dev.switchboard.channel.chat.repository.ChatRepository;
import dev.switchboard.routing.AgentFrameHandler;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import dev.switchboard.routing.service.RoutingService;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * The agent socket's chat frames: {@code typing} shows the customer that the agent is writing; {@code read}
 * says the agent has read the customer's messages up to a seq (the widget's read ticks).
 */
@ApplicationScoped
public class AgentChatFrames implements AgentFrameHandler {

    private final RoutingService routing;
    private final ChatConnections connections;
    private final ChatRepository repository;

    AgentChatFrames(RoutingService routing, ChatConnections connections, ChatRepository repository) {
        this.routing = routing;
        this.connections = connections;
        this.repository = repository;
    }

    @Override
    public Set<String> types() {
        return Set.of("typing", "read");
    }

    @Override
    public Uni<JsonObject> handle(AgentFrame frame) {
        if (!(frame.body().getValue("interactionId") instanceof Number n)) {
            throw new IllegalArgumentException("interactionId is required and must be a number");
        }
        long interactionId = n.longValue();
        if (frame.type().equals("read")) {
            if (!(frame.body().getValue("seq") instanceof Number seq) || seq.longValue() < 0
                    || seq.longValue() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("seq is required: the last message read, a number");
            }
            return held(frame, interactionId).chain(() -> repository.read(interactionId, seq.intValue()))
                    .map(mark -> {
                        if (mark != null) {
                            connections.send(interactionId, new JsonObject().put("type", "read").put("seq", mark));
                        }
                        return null;
                    });
        }
        boolean on = !Boolean.FALSE.equals(frame.body().getValue("on"));
        return held(frame, interactionId).map(x -> {
            connections.send(interactionId, new JsonObject().put("type", "typing").put("on", on));
            return null;
        });
    }

    /** Refused unless the agent holds the interaction. */
    private Uni<Void> held(AgentFrame frame, long interactionId) {
        return routing.holder(interactionId).map(holder -> {
            if (holder == null || holder != frame.agentId()) {
                throw new ProblemException(ProblemType.FORBIDDEN, "Interaction " + interactionId + " is not one of your contacts");
            }
            return null;
        });
    }
}
