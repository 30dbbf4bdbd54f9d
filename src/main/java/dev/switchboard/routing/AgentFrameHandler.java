package dev.switchboard.routing;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * Answers frames on the agent socket that belong to another feature (a channel's "send"), so
 * channels add what agents can do there without routing knowing them. One bean per feature.
 */
public interface AgentFrameHandler {

    /** The frame types this handler answers; each type has one handler. */
    Set<String> types();

    /**
     * Does what the frame asks for the agent. Throw {@link IllegalArgumentException} for a bad field
     * (an error frame "bad-frame"), fail with a {@link dev.switchboard.platform.problem.ProblemException}
     * to refuse (an error frame with its type's code). The JSON object emitted, if any, is merged
     * into the ack the client gets when its frame carried a {@code ref}.
     */
    Uni<JsonObject> handle(AgentFrame frame);

    /** A client frame: the signed-in user, its agent record, and the frame as sent. */
    record AgentFrame(String username, long agentId, String type, JsonObject body) {
    }
}
