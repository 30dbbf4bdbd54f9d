package dev.switchboard.channel.asterisk.service;

import dev.switchboard.audit.AuditLog;
import dev.switchboard.channel.asterisk.AsteriskConfig;
import dev.switchboard.channel.asterisk.internal.CallEvent;
import dev.switchboard.channel.asterisk.repository.CallRepository;
import dev.switchboard.interaction.TouchpointKind;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.routing.engine.RoutingRefusal;
import dev.switchboard.routing.service.RoutingService;
import dev.switchboard.touchpoint.service.OutboxPublisher;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Turns the AMI events of live calls into records: touchpoints (ringing, answered, hold, transfers,
 * recording, hang-up with cause and who hung up) and routing's accepts, missed offers and ends.
 * Runs on the {@link CallEventLoop}, so the events of all calls are handled one at a time, in order.
 */
@ApplicationScoped
public class CallTracker {

    private static final Logger LOG = Logger.getLogger(CallTracker.class);

    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    /** Supervisors' spy channels: channel → the audit target, for the stop. */
    private final Map<String, String> spies = new ConcurrentHashMap<>();
    private final CallRepository repository;
    private final RoutingService routing;
    private final AgentEndpoints endpoints;
    private final OutboxPublisher publisher;
    private final AuditLog audit;
    private final AmiActions actions;
    private final AsteriskConfig config;

    CallTracker(CallRepository repository, RoutingService routing, AgentEndpoints endpoints, OutboxPublisher publisher,
                AuditLog audit, AmiActions actions, AsteriskConfig config) {
        this.actions = actions;
        this.config = config;
        this.repository = repository;
        this.routing = routing;
        this.endpoints = endpoints;
        this.publisher = publisher;
        this.audit = audit;
    }

    // ---- the calls known ------------------------------------------------------------------------

    void add(Call call) {
        calls.put(call.linkedid, call);
    }

    Call byLinkedid(String linkedid) {
        return linkedid == null ? null : calls.get(linkedid);
    }

    Call byInteraction(long interactionId) {
        for (Call c : calls.values()) {
            if (c.interactionId == interactionId) {
                return c;
            }
        }
        return null;
    }

    Collection<Call> all() {
        return calls.values();
    }

    void forget(Call call) {
        calls.remove(call.linkedid);
    }

    /** A supervisor's phone is being connected to spy; its ChanSpy events are audited against this target. */
    void spying(String spyerEndpoint, String target) {
        spies.put(spyerEndpoint, target);
    }

    // ---- events ---------------------------------------------------------------------------------

    /** Handles one event; called on the call-event loop. */
    Uni<Void> handle(CallEvent event) {
        if (event instanceof CallEvent.SpyChanged e) {
            return spy(e);
        }
        if (event instanceof CallEvent.OriginateResult e) {
            return originated(e);
        }
        Call call = byLinkedid(event.linkedid());
        if (call == null) {
            return Uni.createFrom().voidItem();
        }
        if (event instanceof CallEvent.ChannelCreated e) {
            if (e.uniqueid() != null && e.uniqueid().equals(call.linkedid)) {
                if (call.direction == Call.Direction.INBOUND) {
                    call.customerChannel = e.channel();
                } else {
                    call.agentChannel = e.channel();
                }
            }
            return Uni.createFrom().voidItem();
        }
        if (event instanceof CallEvent.DialStarted e) {
            return dialStarted(call, e);
        }
        if (event instanceof CallEvent.DialRinging e) {
            return ringing(call, e.destChannel());
        }
        if (event instanceof CallEvent.DialEnded e) {
            return dialEnded(call, e);
        }
        if (event instanceof CallEvent.HoldChanged e) {
            return write(call, TouchpointKind.HELD, e.held() ? "held" : "resumed", call.agentId,
                    data("channel", e.channel(), "by", call.roleOf(e.channel())));
        }
        if (event instanceof CallEvent.HangupRequested e) {
            String role = call.roleOf(e.channel());
            // A leg we dropped ourselves (a Redirect back to hold) says nothing about who ends the call.
            if (call.hungUpBy == null && !"switchboard".equals(role)) {
                call.hungUpBy = role;
            }
            return Uni.createFrom().voidItem();
        }
        if (event instanceof CallEvent.ChannelHungUp e) {
            return hungUp(call, e);
        }
        if (event instanceof CallEvent.BlindTransferred e) {
            return blindTransferred(call, e);
        }
        if (event instanceof CallEvent.AttendedTransferred e) {
            return attendedTransferred(call, e);
        }
        if (event instanceof CallEvent.VariableSet e) {
            if ("MIXMONITOR_FILENAME".equals(e.name())) {
                call.recordingFile = e.value();
            } else if ("DIALSTATUS".equals(e.name())) {
                return dialFailedWithoutLeg(call, e);
            }
            return Uni.createFrom().voidItem();
        }
        if (event instanceof CallEvent.RecordingChanged e) {
            if (!e.recording()) {
                call.recordingId = null;
                call.recordingPaused = false;
            }
            return write(call, TouchpointKind.RECORDING, e.recording() ? "started" : "stopped", call.agentId,
                    data("file", call.recordingFile, "channel", e.channel()));
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> dialStarted(Call call, CallEvent.DialStarted e) {
        Long agent = endpoints.agentOfChannel(e.destChannel());
        if (call.direction == Call.Direction.OUTBOUND && agent == null) {
            call.customerChannel = e.destChannel();
            return Uni.createFrom().voidItem();
        }
        if (agent == null) {
            return Uni.createFrom().voidItem();
        }
        if (call.consultAgentId != null && agent.equals(call.consultAgentId)) {
            call.consultChannel = e.destChannel();
        } else {
            call.agentChannel = e.destChannel();
            call.agentId = agent;
            call.connected = false;
            call.offeredAgentId = null;
        }
        return Uni.createFrom().voidItem();
    }

    /**
     * A phone that is not registered gets no channel and no Dial events: only the caller's DIALSTATUS
     * (CHANUNAVAIL) tells the offer was missed.
     */
    private Uni<Void> dialFailedWithoutLeg(Call call, CallEvent.VariableSet e) {
        Long agent = call.offeredAgentId;
        if (agent == null || call.agentChannel != null || !e.channel().equals(call.customerChannel)
                || "ANSWER".equals(e.value())) {
            return Uni.createFrom().voidItem();
        }
        call.offeredAgentId = null;
        return routing.missed(agent, call.interactionId, missReason(e.value())).replaceWithVoid()
                .onFailure(RoutingRefusal.class).recoverWithNull().replaceWithVoid();
    }

    private Uni<Void> ringing(Call call, String destChannel) {
        Long agent = endpoints.agentOfChannel(destChannel);
        String who = agent != null ? "agent" : "customer";
        return write(call, TouchpointKind.RINGING, who, agent, data("channel", destChannel,
                "endpoint", AgentEndpoints.endpointOfChannel(destChannel)));
    }

    private Uni<Void> dialEnded(Call call, CallEvent.DialEnded e) {
        String status = e.status() == null ? "UNKNOWN" : e.status();
        if (e.destChannel() != null && e.destChannel().equals(call.consultChannel)) {
            return write(call, TouchpointKind.NOTE, "consult-" + status.toLowerCase(Locale.ROOT), call.consultAgentId,
                    data("channel", e.destChannel(), "dialStatus", status));
        }
        if (call.direction == Call.Direction.OUTBOUND && e.destChannel() != null
                && e.destChannel().equals(call.customerChannel)) {
            if (!"ANSWER".equals(status)) {
                return write(call, TouchpointKind.NOTE, "not-connected", call.agentId,
                        data("dialStatus", status, "channel", e.destChannel()));
            }
            call.connected = true;
            call.connectedAt = Instant.now();
            return repository.answered(call.interactionId).chain(() -> write(call, TouchpointKind.ANSWERED,
                    "customer", call.agentId, data("channel", e.destChannel())));
        }
        if (e.destChannel() == null || !e.destChannel().equals(call.agentChannel) || call.agentId == null
                || call.direction == Call.Direction.OUTBOUND) {
            // Click-to-call: the agent's own phone; its failure comes as the OriginateResponse.
            return Uni.createFrom().voidItem();
        }
        long agent = call.agentId;
        if ("ANSWER".equals(status)) {
            call.connected = true;
            call.connectedAt = Instant.now();
            return write(call, TouchpointKind.ANSWERED, "agent", agent, data("channel", e.destChannel()))
                    .chain(() -> routing.accept(agent, call.interactionId)).replaceWithVoid()
                    .onFailure(RoutingRefusal.class).recoverWithUni(refusal -> lateAnswer(call, agent, refusal));
        }
        call.agentChannel = null;
        call.agentId = null;
        return routing.missed(agent, call.interactionId, missReason(status)).replaceWithVoid()
                .onFailure(RoutingRefusal.class).recoverWithNull().replaceWithVoid();
    }

    /** Click-to-call: the agent's phone did not answer, so the customer was never dialled. */
    private Uni<Void> originated(CallEvent.OriginateResult e) {
        String prefix = "sb-c2c-";
        if (e.actionId() == null || !e.actionId().startsWith(prefix)) {
            return Uni.createFrom().voidItem();
        }
        Call call = byInteraction(Long.parseLong(e.actionId().substring(prefix.length())));
        if (call == null) {
            return Uni.createFrom().voidItem();
        }
        if (e.success()) {
            if (call.agentChannel == null) {
                call.agentChannel = e.channel();
            }
            return Uni.createFrom().voidItem();
        }
        forget(call);
        return write(call, TouchpointKind.HUNG_UP, "agent-not-reached", call.agentId,
                data("reason", e.reason(), "channel", e.channel()))
                .chain(() -> repository.ended(call.interactionId, false));
    }

    /** The phone was answered after routing took the offer back: the caller goes back to wait. */
    private Uni<Void> lateAnswer(Call call, long agent, Throwable refusal) {
        LOG.infof("Call %s: agent %d answered after the offer ended (%s); back to hold", call.linkedid, agent,
                refusal.getMessage());
        call.connected = false;
        call.agentChannel = null;
        call.agentId = null;
        return actions.redirect(call.customerChannel, config.contexts().hold(), "s")
                .onFailure().invoke(e -> LOG.warnf("Call %s could not go back to hold: %s", call.linkedid, e.getMessage()))
                .onFailure().recoverWithNull();
    }

    private static String missReason(String dialStatus) {
        return switch (dialStatus) {
            case "NOANSWER" -> "no-answer";
            case "BUSY" -> "busy";
            case "CHANUNAVAIL", "CONGESTION" -> "unreachable";
            default -> dialStatus.toLowerCase(Locale.ROOT);
        };
    }

    private Uni<Void> hungUp(Call call, CallEvent.ChannelHungUp e) {
        boolean customerGone = e.channel().equals(call.customerChannel)
                || (call.direction == Call.Direction.OUTBOUND && e.channel().equals(call.agentChannel));
        if (!customerGone) {
            if (e.channel().equals(call.consultChannel)) {
                call.consultChannel = null;
                call.consultAgentId = null;
            }
            return Uni.createFrom().voidItem();
        }
        forget(call);
        String by = call.hungUpBy != null ? call.hungUpBy : call.roleOf(e.channel());
        Map<String, Object> data = data("cause", e.cause(), "causeText", e.causeText(), "hungUpBy", by,
                "channel", e.channel());
        if (call.connectedAt != null) {
            data.put("talkedMs", Duration.between(call.connectedAt, Instant.now()).toMillis());
        }
        Uni<Void> recorded = write(call, TouchpointKind.HUNG_UP, by, call.agentId, data);
        if (call.direction == Call.Direction.OUTBOUND) {
            return recorded.chain(() -> repository.ended(call.interactionId, call.connected));
        }
        return recorded.chain(() -> end(call.interactionId));
    }

    /** Tells routing the call ended (abandoned while waiting, or wrap-up); nothing when routing no longer holds it. */
    Uni<Void> end(long interactionId) {
        return routing.end(interactionId).replaceWithVoid().onFailure(RoutingRefusal.class).recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Void> blindTransferred(Call call, CallEvent.BlindTransferred e) {
        Long from = call.agentId;
        Map<String, Object> data = data("type", "blind", "context", e.context(), "exten", e.exten(),
                "result", e.result(), "fromAgentId", from);
        call.agentChannel = null;
        call.agentId = null;
        call.connected = false;
        call.hungUpBy = null;
        // Our agent is off the call; the customer goes on to an outside number, which we no longer route.
        return write(call, TouchpointKind.TRANSFERRED, "number", from, data).chain(() -> end(call.interactionId));
    }

    private Uni<Void> attendedTransferred(Call call, CallEvent.AttendedTransferred e) {
        Long from = call.agentId;
        Long to = call.consultAgentId;
        boolean success = "Success".equalsIgnoreCase(e.result());
        Map<String, Object> data = data("type", "attended", "result", e.result(), "fromAgentId", from,
                "toAgentId", to, "channel", e.target());
        if (!success || to == null || from == null) {
            return write(call, TouchpointKind.TRANSFERRED, "failed", from, data);
        }
        call.agentChannel = call.consultChannel;
        call.agentId = to;
        call.connected = true;
        call.consultChannel = null;
        call.consultAgentId = null;
        call.handedTo = to;
        call.hungUpBy = null;
        // Routing moves the call to the consulted agent; the offer that follows is accepted at once (CallOffers).
        return write(call, TouchpointKind.TRANSFERRED, "attended", from, data)
                .chain(() -> routing.transfer(from, call.interactionId, null, to)).replaceWithVoid()
                .onFailure(ProblemException.class).recoverWithNull().replaceWithVoid()
                .onFailure(RoutingRefusal.class).recoverWithNull().replaceWithVoid();
    }

    private Uni<Void> spy(CallEvent.SpyChanged e) {
        String endpoint = AgentEndpoints.endpointOfChannel(e.spyer());
        String target = endpoint == null ? null : spies.get(endpoint);
        if (target == null) {
            return Uni.createFrom().voidItem();
        }
        if (!e.started()) {
            spies.remove(endpoint);
        }
        return Panache.withTransaction(() -> audit.record("asterisk",
                e.started() ? "call.spy-started" : "call.spy-stopped", target,
                Map.of("spyer", e.spyer(), "spyee", e.spyee() == null ? "" : e.spyee())));
    }

    /** Appends a touchpoint to the call's interaction. */
    Uni<Void> write(Call call, TouchpointKind kind, String result, Long agentId, Map<String, Object> data) {
        return repository.touchpoint(call.customerId, call.interactionId, kind, call.channel, null, agentId,
                endpoints.name(agentId), result, data).invoke(id -> publisher.wake()).replaceWithVoid();
    }

    static Map<String, Object> data(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                map.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return map;
    }
}
