package dev.switchboard.channel.asterisk.endpoint;

import dev.switchboard.channel.asterisk.AsteriskConfig;
import dev.switchboard.channel.asterisk.service.CallControls;
import dev.switchboard.channel.asterisk.service.CallControls.RecordingAction;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import dev.switchboard.routing.AgentFrameHandler;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Set;

/**
 * The agent socket's call frames, the same controls as {@code /api/calls}: {@code call-hangup},
 * {@code call-transfer}, {@code call-consult}, {@code call-consult-complete}, {@code call-consult-cancel},
 * {@code call-record} and {@code call-dial} (click-to-call).
 */
@ApplicationScoped
public class CallFrames implements AgentFrameHandler {

    private final CallControls controls;
    private final AsteriskConfig config;

    CallFrames(CallControls controls, AsteriskConfig config) {
        this.controls = controls;
        this.config = config;
    }

    @Override
    public Set<String> types() {
        return Set.of("call-hangup", "call-transfer", "call-consult", "call-consult-complete", "call-consult-cancel",
                "call-record", "call-dial");
    }

    @Override
    public Uni<JsonObject> handle(AgentFrame frame) {
        if (!config.enabled()) {
            throw new ProblemException(ProblemType.NOT_FOUND, "Telephony is not enabled");
        }
        JsonObject body = frame.body();
        long agent = frame.agentId();
        if ("call-dial".equals(frame.type())) {
            return controls.call(agent, number(body, "customerId"), string(body, "to"))
                    .map(d -> new JsonObject().put("interactionId", d.interactionId()).put("number", d.number()));
        }
        long interaction = number(body, "interactionId");
        Uni<Void> done = switch (frame.type()) {
            case "call-hangup" -> controls.hangup(agent, interaction);
            case "call-transfer" -> {
                Long queue = optionalNumber(body, "queueId");
                Long to = optionalNumber(body, "agentId");
                String number = string(body, "number");
                if (queue == null && to == null && number == null) {
                    throw new IllegalArgumentException("give queueId, agentId or number");
                }
                yield controls.transfer(agent, interaction, queue, to, number);
            }
            case "call-consult" -> controls.consult(agent, interaction, number(body, "agentId"));
            case "call-consult-complete" -> controls.completeConsult(agent, interaction);
            case "call-consult-cancel" -> controls.cancelConsult(agent, interaction);
            case "call-record" -> controls.recording(agent, interaction, recording(body));
            default -> throw new IllegalArgumentException("unknown type '" + frame.type() + "'");
        };
        return done.replaceWith(new JsonObject().put("interactionId", interaction));
    }

    private static RecordingAction recording(JsonObject body) {
        String action = string(body, "action");
        try {
            return RecordingAction.valueOf(String.valueOf(action).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("action must be one of start, stop, pause, resume");
        }
    }

    private static long number(JsonObject body, String field) {
        Long n = optionalNumber(body, field);
        if (n == null) {
            throw new IllegalArgumentException(field + " is required and must be a number");
        }
        return n;
    }

    private static Long optionalNumber(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v != null && !(v instanceof Number)) {
            throw new IllegalArgumentException(field + " must be a number");
        }
        return v == null ? null : ((Number) v).longValue();
    }

    private static String string(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v != null && !(v instanceof String)) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return (String) v;
    }
}
