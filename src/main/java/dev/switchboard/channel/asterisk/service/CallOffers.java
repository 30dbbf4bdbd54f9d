package dev.switchboard.channel.asterisk.service;

import dev.switchboard.channel.asterisk.AsteriskConfig;
import dev.switchboard.interaction.Channel;
import dev.switchboard.routing.engine.RoutingEvent;
import dev.switchboard.routing.engine.RoutingRefusal;
import dev.switchboard.routing.service.RoutingObserver;
import dev.switchboard.routing.service.RoutingService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Carries routing's decisions about calls to Asterisk: an offer rings the agent's phone (AMI
 * {@code Redirect} of the caller into the agent context, whose Dial rings the endpoint), an offer
 * that ends unanswered stops the ringing, and a transfer through routing puts the caller back on hold.
 * The answer itself comes back as an AMI event ({@link CallTracker}).
 */
@ApplicationScoped
public class CallOffers implements RoutingObserver {

    private static final Logger LOG = Logger.getLogger(CallOffers.class);

    private final CallTracker tracker;
    private final CallEventLoop loop;
    private final AmiActions actions;
    private final AgentEndpoints endpoints;
    private final RoutingService routing;
    private final AsteriskConfig config;

    CallOffers(CallTracker tracker, CallEventLoop loop, AmiActions actions, AgentEndpoints endpoints,
               RoutingService routing, AsteriskConfig config) {
        this.tracker = tracker;
        this.loop = loop;
        this.actions = actions;
        this.endpoints = endpoints;
        this.routing = routing;
        this.config = config;
    }

    @Override
    public void committed(List<RoutingEvent> events, Instant at) {
        if (!config.enabled()) {
            return;
        }
        for (RoutingEvent event : events) {
            if (event.contact() == null || !isCall(event.contact().channel())) {
                continue;
            }
            if (event instanceof RoutingEvent.Offered e) {
                loop.submit("offer " + e.interactionId(), () -> offer(e.interactionId(), e.agentId()));
            } else if (event instanceof RoutingEvent.OfferEnded e && !"ended".equals(e.reason())) {
                loop.submit("offer ended " + e.interactionId(), () -> offerEnded(e.interactionId(), e.agentId()));
            } else if (event instanceof RoutingEvent.Transferred e) {
                loop.submit("transfer " + e.interactionId(), () -> backToHold(e.interactionId(), e.fromAgentId()));
            }
        }
    }

    static boolean isCall(Channel channel) {
        return channel == Channel.VOICE || channel == Channel.VOIP;
    }

    private Uni<Void> offer(long interactionId, long agentId) {
        Call call = tracker.byInteraction(interactionId);
        if (call == null || call.customerChannel == null) {
            LOG.warnf("Interaction %d was offered to agent %d but its call is not live here", interactionId, agentId);
            return tracker.end(interactionId);
        }
        if (call.connected && Long.valueOf(agentId).equals(call.agentId)) {
            // An attended transfer already connected this agent: the offer is taken at once.
            call.handedTo = null;
            return routing.accept(agentId, interactionId).replaceWithVoid()
                    .onFailure(RoutingRefusal.class).recoverWithNull().replaceWithVoid();
        }
        return endpoints.endpoint(agentId).chain(endpoint -> {
            if (endpoint == null) {
                return routing.missed(agentId, interactionId, "no-endpoint").replaceWithVoid();
            }
            call.offeredAgentId = agentId;
            return actions.redirect(call.customerChannel, config.contexts().agent(), endpoint)
                    .onFailure().recoverWithUni(e -> {
                        LOG.warnf("Call %s could not ring agent %d: %s", call.linkedid, agentId, e.getMessage());
                        return routing.missed(agentId, interactionId, "unreachable").replaceWithVoid()
                                .onFailure(RoutingRefusal.class).recoverWithNull().replaceWithVoid();
                    });
        });
    }

    private Uni<Void> offerEnded(long interactionId, long agentId) {
        Call call = tracker.byInteraction(interactionId);
        if (call == null || call.agentChannel == null || !Long.valueOf(agentId).equals(call.agentId)) {
            return Uni.createFrom().voidItem();
        }
        String ringing = call.agentChannel;
        if (call.connected) {
            // Answered just as the offer ended: the caller goes back to wait (the agent leg is dropped).
            return backToHold(interactionId, agentId);
        }
        return actions.hangup(ringing).onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Void> backToHold(long interactionId, long fromAgentId) {
        Call call = tracker.byInteraction(interactionId);
        if (call == null || call.customerChannel == null || (call.handedTo != null)) {
            return Uni.createFrom().voidItem();
        }
        call.connected = false;
        call.agentChannel = null;
        call.agentId = null;
        return actions.redirect(call.customerChannel, config.contexts().hold(), "s")
                .onFailure().invoke(e -> LOG.warnf("Call %s could not go back to hold after agent %d: %s",
                        call.linkedid, fromAgentId, e.getMessage()))
                .onFailure().recoverWithNull();
    }
}
