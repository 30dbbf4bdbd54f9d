package dev.switchboard.channel.asterisk.service;

import dev.switchboard.channel.asterisk.repository.CallbackRepository;
import dev.switchboard.interaction.Channel;
import dev.switchboard.interaction.TouchpointKind;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Places a call-back once an agent accepted its task: the agent's own phone rings first (as for a
 * click-to-call), then the customer's number, on the request's own interaction. When the agent's phone
 * cannot be rung the request goes back to its queue, first in line.
 */
@ApplicationScoped
public class CallbackDialler {

    private static final Logger LOG = Logger.getLogger(CallbackDialler.class);

    private final CallbackRepository callbacks;
    private final AgentEndpoints endpoints;
    private final CallControls controls;
    private final CallTracker tracker;

    CallbackDialler(CallbackRepository callbacks, AgentEndpoints endpoints, CallControls controls, CallTracker tracker) {
        this.callbacks = callbacks;
        this.endpoints = endpoints;
        this.controls = controls;
        this.tracker = tracker;
    }

    Uni<Void> dial(long agentId, long interactionId) {
        String linkedid = "sb-" + UUID.randomUUID();
        return endpoints.endpoint(agentId).chain(endpoint -> callbacks.calling(interactionId, linkedid).chain(cb -> {
            if (cb == null) {
                // Cancelled or expired while it was offered: routing ends it on its own.
                LOG.infof("Interaction %d was accepted by agent %d but has no call-back waiting", interactionId,
                        agentId);
                return Uni.createFrom().voidItem();
            }
            Call call = new Call(linkedid, interactionId, cb.customerId(), Channel.VOICE, Call.Direction.OUTBOUND);
            call.agentId = agentId;
            call.routed = true;
            if (endpoint == null) {
                return tracker.write(call, TouchpointKind.HUNG_UP, "agent-not-reached", agentId,
                        CallTracker.data("reason", "the agent has no phone endpoint")).chain(() -> tracker.requeue(call));
            }
            return controls.place(call, endpoint, cb.phone(), CallTracker.data("callbackId", cb.id(),
                            "notAfter", cb.notAfter().toString()))
                    .onFailure().recoverWithUni(e -> {
                        LOG.warnf("Call-back %d could not be placed from agent %d: %s", cb.id(), agentId,
                                e.getMessage());
                        return tracker.write(call, TouchpointKind.HUNG_UP, "not-placed", agentId,
                                CallTracker.data("reason", e.getMessage())).chain(() -> tracker.requeue(call));
                    });
        }));
    }
}
