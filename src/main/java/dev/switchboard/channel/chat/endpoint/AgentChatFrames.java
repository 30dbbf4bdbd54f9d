package dev.switchboard.channel.chat.endpoint;

import dev.switchboard.routing.AgentFrameHandler;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import dev.switchboard.routing.service.RoutingService;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/** The agent socket's chat frame: {@code typing} shows the customer that the agent is writing. */
@ApplicationScoped
public class AgentChatFrames implements AgentFrameHandler {

    private final RoutingService routing;
    private final ChatConnections connections;

    AgentChatFrames(RoutingService routing, ChatConnections connections) {
        this.routing = routing;
        this.connections = connections;
    }

    @Override
    public Set<String> types() {
        return Set.of("typing");
    }

    @Override
    public Uni<JsonObject> handle(AgentFrame frame) {
        if (!(frame.body().getValue("interactionId") instanceof Number n)) {
            throw new IllegalArgumentException("interactionId is required and must be a number");
        }
        long interactionId = n.longValue();
        boolean on = !Boolean.FALSE.equals(frame.body().getValue("on"));
        return routing.holder(interactionId).map(holder -> {
            if (holder == null || holder != frame.agentId()) {
                throw new ProblemException(ProblemType.FORBIDDEN, "Interaction " + interactionId + " is not one of your contacts");
            }
            connections.send(interactionId, new JsonObject().put("type", "typing").put("on", on));
            return null;
        });
    }
}
