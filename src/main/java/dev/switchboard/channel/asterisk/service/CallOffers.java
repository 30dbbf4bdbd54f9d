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
 * that ends unanswered puts the caller back on hold (which stops the ringing), and so does a transfer
 * through routing. A call-back's accept has the agent's phone call the customer ({@link CallbackDialler}).
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
    private final CallbackDialler dialler;
    private final TelephonyGateway gateway;

    CallOffers(CallTracker tracker, CallEventLoop loop, AmiActions actions, AgentEndpoints endpoints,
               RoutingService routing, AsteriskConfig config, CallbackDialler dialler, TelephonyGateway gateway) {
        this.gateway = gateway;
        this.dialler = dialler;
        this.tracker = tracker;
        this.loop = loop;
        this.actions = actions;
        this.endpoints = endpoints;
        this.routing = routing;
        this.config = config;
    }

    @Override
    public void committed(List<RoutingEvent> events, Instant at) {
        if (!config.enabled() || !gateway.leaseHeld()) {
            // In a cluster every instance hears the events; the one holding the AMI link carries them to Asterisk.
            return;
        }
        for (RoutingEvent event : events) {
            if (event.contact() == null || !isCall(event.contact().channel())) {
                continue;
            }
            if (event.contact().outbound()) {
                // A call-back: nobody waits on the line, so offers ring nothing; the accept places the call.
                if (event instanceof RoutingEvent.Accepted e) {
                    loop.submit("call-back " + e.interactionId(), () -> dialler.dial(e.agentId(), e.interactionId()));
                }
                continue;
            }
            if (event instanceof RoutingEvent.Offered e) {
                loop.submit("offer " + e.interactionId(), () -> offer(e.interactionId(), e.agentId()));
            } else if (event instanceof RoutingEvent.OfferEnded e && !"ended".equals(e.reason())) {
                loop.submit("offer ended " + e.interactionId(), () -> offerEnded(e.interactionId(), e.agentId()));
            } else if (event instanceof RoutingEvent.Transferred e) {
                loop.submit("transfer " + e.interactionId(),
                        () -> transferred(e.interactionId(), e.fromAgentId(), e.toAgentId()));
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
        return endpoints.endpoint(agentId).chain(endpoint -> {
            if (endpoint == null) {
                return routing.missed(agentId, interactionId, "no-endpoint").replaceWithVoid();
            }
            Call.Ring ring = new Call.Ring(agentId, endpoint);
            call.pendingRing = ring;
            return actions.redirect(call.customerChannel, config.contexts().agent(), endpoint)
                    .onFailure().recoverWithUni(e -> {
                        LOG.warnf("Call %s could not ring agent %d: %s", call.linkedid, agentId, e.getMessage());
                        ring.settled = true;
                        return routing.missed(agentId, interactionId, "unreachable").replaceWithVoid()
                                .onFailure(RoutingRefusal.class).recoverWithNull().replaceWithVoid();
                    });
        });
    }

    /**
     * Routing took back an offer that had not been answered (expired, withdrawn): the caller is
     * redirected back to hold, which cancels the Dial (DIALSTATUS CANCEL, as recording 13 shows) and
     * ends the agent's ringing. The ring is marked over first, so whatever result its Dial still
     * reports changes nothing.
     */
    private Uni<Void> offerEnded(long interactionId, long agentId) {
        Call call = tracker.byInteraction(interactionId);
        if (call == null) {
            return Uni.createFrom().voidItem();
        }
        Call.Ring ring = call.ringOf(agentId);
        if (ring == null) {
            return Uni.createFrom().voidItem();
        }
        ring.over = true;
        if (ring.settled && !(call.connected && Long.valueOf(agentId).equals(call.agentId))) {
            // Its Dial already ended (a missed offer): the caller is back on hold by the dialplan.
            return Uni.createFrom().voidItem();
        }
        return backToHold(call, agentId);
    }

    /** Routing moved the call away from its agent (a transfer through routing): the caller waits on hold. */
    private Uni<Void> transferred(long interactionId, long fromAgentId, Long toAgentId) {
        Call call = tracker.byInteraction(interactionId);
        if (call == null || call.customerChannel == null) {
            return Uni.createFrom().voidItem();
        }
        if (toAgentId != null && toAgentId.equals(call.agentId) && call.connected) {
            // A completed attended transfer: the caller talks to that agent already.
            return Uni.createFrom().voidItem();
        }
        return backToHold(call, fromAgentId);
    }

    private Uni<Void> backToHold(Call call, long fromAgentId) {
        call.connected = false;
        call.connectedAt = null;
        call.agentChannel = null;
        call.agentId = null;
        return actions.redirect(call.customerChannel, config.contexts().hold(), "s")
                .onFailure().invoke(e -> LOG.warnf("Call %s could not go back to hold after agent %d: %s",
                        call.linkedid, fromAgentId, e.getMessage()))
                .onFailure().recoverWithNull();
    }
}
