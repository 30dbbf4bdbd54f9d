package dev.switchboard.channel.asterisk.service;

import dev.switchboard.audit.AuditLog;
import dev.switchboard.channel.asterisk.AsteriskConfig;
import dev.switchboard.channel.asterisk.internal.CallEvent;
import dev.switchboard.channel.asterisk.repository.CallRepository;
import dev.switchboard.channel.asterisk.repository.CallbackRepository;
import dev.switchboard.interaction.TouchpointKind;
import dev.switchboard.routing.engine.RoutingRefusal;
import dev.switchboard.routing.service.AgentSockets;
import dev.switchboard.routing.service.LiveContacts;
import dev.switchboard.routing.service.RoutingService;
import dev.switchboard.touchpoint.service.OutboxPublisher;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
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
public class CallTracker implements LiveContacts {

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
    private final AgentSockets sockets;
    private final CallbackRepository callbacks;

    CallTracker(CallRepository repository, RoutingService routing, AgentEndpoints endpoints, OutboxPublisher publisher,
                AuditLog audit, AmiActions actions, AsteriskConfig config, AgentSockets sockets,
                CallbackRepository callbacks) {
        this.sockets = sockets;
        this.callbacks = callbacks;
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

    /** A connected call cannot be ended or wrapped up by its agent in the records while it goes on. */
    @Override
    public String stillLive(long interactionId) {
        Call call = byInteraction(interactionId);
        return call != null && call.connected && call.agentChannel != null
                ? "interaction " + interactionId + " is a call still connected: hang up first" : null;
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
            return holdChanged(call, e);
        }
        if (event instanceof CallEvent.HangupRequested e) {
            hangupRequested(call, e);
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
            } else if ("DIALSTATUS".equals(e.name()) && e.channel().equals(call.customerChannel)) {
                return dialStatus(call, e);
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
        if (call.consultAgentId != null && agent.equals(call.consultAgentId)
                && !e.channel().equals(call.customerChannel)) {
            // The Atxfer's consult leg exists: only now has the consultation really started.
            call.consultChannel = e.destChannel();
            return write(call, TouchpointKind.NOTE, "consult-started", call.agentId,
                    data("toAgentId", agent, "channel", e.destChannel()));
        }
        Call.Ring ring = call.dialling;
        if (ring == null || ring.agentId != agent) {
            // No DIALSTATUS seen for this Dial (an event filter may hide VarSet): the pending ring of this agent.
            Call.Ring pending = call.pendingRing;
            if (pending == null || pending.agentId != agent) {
                return Uni.createFrom().voidItem();
            }
            call.pendingRing = null;
            call.dialling = pending;
            ring = pending;
        }
        ring.leg = e.destChannel();
        if (ring.open()) {
            call.agentChannel = e.destChannel();
            call.agentId = agent;
            call.connected = false;
        }
        return Uni.createFrom().voidItem();
    }

    /**
     * The caller's DIALSTATUS: emptied when a Dial starts (which binds that Dial to the ring of the
     * extension it dials), set to the result when it ends. The result decides the ring's offer unless
     * DialEnd did already, or routing ended the offer first; a phone that is not registered gets no
     * channel and no Dial events, so for it this is the only sign.
     */
    private Uni<Void> dialStatus(Call call, CallEvent.VariableSet e) {
        String value = e.value();
        if (value == null || value.isBlank()) {
            call.dialling = ringFor(call, e.exten());
            if (call.dialling == call.pendingRing) {
                call.pendingRing = null;
            }
            return Uni.createFrom().voidItem();
        }
        Call.Ring ring = call.dialling;
        if ("ANSWER".equals(value)) {
            // Set as the phone answers, just before DialEnd ANSWER (01), and again when the call ends: the Dial's
            // answer is DialEnd's to book, with the leg it names.
            return Uni.createFrom().voidItem();
        }
        call.dialling = null;
        if (ring == null || !ring.open()) {
            return Uni.createFrom().voidItem();
        }
        ring.settled = true;
        if (ring.leg != null && ring.leg.equals(call.agentChannel)) {
            call.agentChannel = null;
            call.agentId = null;
        }
        return missed(call, ring, missReason(value));
    }

    /** The ring a Dial belongs to: the pending one, when the Dial is for its agent's extension (or says none). */
    private Call.Ring ringFor(Call call, String exten) {
        Call.Ring pending = call.pendingRing;
        if (pending == null || exten == null) {
            return pending;
        }
        // Another extension: a Dial of an earlier offer started late (its Redirect raced our next one) and
        // belongs to no live ring, so its result books nothing.
        return pending.endpoint == null || pending.endpoint.equals(exten) ? pending : null;
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
        if (call.direction == Call.Direction.OUTBOUND) {
            if (e.destChannel() == null || !e.destChannel().equals(call.customerChannel)) {
                // Click-to-call: the agent's own phone; its failure comes as the OriginateResponse.
                return Uni.createFrom().voidItem();
            }
            if (!"ANSWER".equals(status)) {
                call.customerDialStatus = status;
                return write(call, TouchpointKind.NOTE, "not-connected", call.agentId,
                        data("dialStatus", status, "channel", e.destChannel()));
            }
            call.connected = true;
            call.connectedAt = Instant.now();
            Uni<Void> answered = call.routed ? callbacks.called(call.interactionId, true, null)
                    : repository.answered(call.interactionId);
            return answered.chain(() -> write(call, TouchpointKind.ANSWERED, "customer", call.agentId,
                    data("channel", e.destChannel())));
        }
        Call.Ring ring = call.dialling;
        if (ring == null || e.destChannel() == null || !e.destChannel().equals(ring.leg) || ring.settled) {
            return Uni.createFrom().voidItem();
        }
        ring.settled = true;
        if (ring.over) {
            // Routing took the offer back and our Redirect to hold is on its way: it ends this Dial's leg too.
            LOG.debugf("Call %s: the Dial of a withdrawn offer to agent %d ended %s", call.linkedid, ring.agentId,
                    status);
            return Uni.createFrom().voidItem();
        }
        long agent = ring.agentId;
        if ("ANSWER".equals(status)) {
            call.connected = true;
            call.connectedAt = Instant.now();
            return write(call, TouchpointKind.ANSWERED, "agent", agent, data("channel", e.destChannel()))
                    .chain(() -> routing.accept(agent, call.interactionId)).replaceWithVoid()
                    .onFailure(RoutingRefusal.class).recoverWithUni(refusal -> lateAnswer(call, ring, refusal));
        }
        call.agentChannel = null;
        call.agentId = null;
        return missed(call, ring, missReason(status));
    }

    private Uni<Void> missed(Call call, Call.Ring ring, String reason) {
        return routing.missed(ring.agentId, call.interactionId, reason).replaceWithVoid()
                .onFailure(RoutingRefusal.class).recoverWithNull().replaceWithVoid();
    }

    /**
     * An Atxfer whose consult leg never appeared: Asterisk could not start it (it only logs "Unable to
     * acquire target extension"). The agent is told, and the consultation is over.
     */
    Uni<Void> consultNotStarted(Call call, long agentId, long toAgentId) {
        if (call.consultChannel != null || !Long.valueOf(toAgentId).equals(call.consultAgentId)
                || byLinkedid(call.linkedid) != call) {
            return Uni.createFrom().voidItem();
        }
        call.consultAgentId = null;
        LOG.infof("Call %s: the consultation of agent %d did not start", call.linkedid, toAgentId);
        sockets.send(agentId, new JsonObject().put("type", "call-failed").put("interactionId", call.interactionId)
                .put("action", "consult").put("toAgentId", toAgentId)
                .put("reason", "Asterisk did not start the consultation").encode());
        return write(call, TouchpointKind.NOTE, "consult-failed", agentId, data("toAgentId", toAgentId));
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
        Uni<Void> recorded = write(call, TouchpointKind.HUNG_UP, "agent-not-reached", call.agentId,
                data("reason", e.reason(), "channel", e.channel()));
        if (call.routed) {
            return recorded.chain(() -> requeue(call));
        }
        return recorded.chain(() -> repository.ended(call.interactionId, false));
    }

    /**
     * A call-back whose agent's own phone did not answer: the customer was never dialled, so the request
     * waits for another agent, due by the end of its window as before (a miss of the agent's, as an
     * unanswered offer is).
     */
    Uni<Void> requeue(Call call) {
        Long agent = call.agentId;
        return callbacks.requeue(call.interactionId, "agent-not-reached").chain(queue -> {
            if (queue == null || agent == null) {
                return end(call.interactionId);
            }
            return routing.returnTask(agent, call.interactionId, "agent-not-reached").replaceWithVoid()
                    .onFailure(RoutingRefusal.class).recoverWithNull().replaceWithVoid();
        });
    }

    /** The phone was answered after routing took the offer back: the caller goes back to wait. */
    private Uni<Void> lateAnswer(Call call, Call.Ring ring, Throwable refusal) {
        LOG.infof("Call %s: agent %d answered after the offer ended (%s); back to hold", call.linkedid, ring.agentId,
                refusal.getMessage());
        // The offer's end is on its way from routing: this Redirect already withdraws it.
        ring.over = true;
        call.connected = false;
        call.connectedAt = null;
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

    private Uni<Void> holdChanged(Call call, CallEvent.HoldChanged e) {
        // Asterisk unholds a transferred party as a matter of course (04: Unhold before BlindTransfer): an
        // Unhold without a Hold before it is nobody's action and no touchpoint.
        boolean changed = e.held() ? call.held.add(e.channel()) : call.held.remove(e.channel());
        if (!changed) {
            return Uni.createFrom().voidItem();
        }
        return write(call, TouchpointKind.HELD, e.held() ? "held" : "resumed", call.agentId,
                data("channel", e.channel(), "by", call.roleOf(e.channel())));
    }

    /**
     * A party's own request (a BYE) tells who hung up; the soft request Asterisk makes next carries the
     * cause of that hang-up (the Hangup event's own cause can be left over from a failed Dial: 14, 15).
     */
    private void hangupRequested(Call call, CallEvent.HangupRequested e) {
        if (!e.soft()) {
            String role = call.roleOf(e.channel());
            // A leg we dropped ourselves (a Redirect back to hold) says nothing about who ends the call, nor does a
            // phone that refuses to ring (a 486 is a HangupRequest of the ringing leg, 14) or a consult leg.
            boolean party = "customer".equals(role)
                    || ("agent".equals(role) && e.channel().equals(call.agentChannel)
                    && (call.connected || call.direction == Call.Direction.OUTBOUND));
            if (call.hungUpBy == null && party) {
                call.hungUpBy = role;
            }
        } else if (call.hungUpBy != null && call.hangupCause == null && e.cause() != null && e.cause() > 0) {
            call.hangupCause = e.cause();
        }
    }

    private Uni<Void> hungUp(Call call, CallEvent.ChannelHungUp e) {
        boolean customerGone = e.channel().equals(call.customerChannel)
                || (call.direction == Call.Direction.OUTBOUND && e.channel().equals(call.agentChannel));
        if (!customerGone) {
            if (e.channel().equals(call.consultChannel)) {
                call.consultChannel = null;
                call.consultAgentId = null;
            }
            if (call.firstEnded == null && e.channel().equals(call.agentChannel) && call.connected) {
                call.firstEnded = e.channel();
                call.firstEndedCause = e.cause();
            }
            return Uni.createFrom().voidItem();
        }
        forget(call);
        Ending ending = ending(call, e);
        Map<String, Object> data = data("cause", ending.cause, "causeText", HangupCauses.text(ending.cause),
                "hungUpBy", ending.by, "channel", ending.channel);
        if (call.connectedAt != null) {
            data.put("talkedMs", Duration.between(call.connectedAt, Instant.now()).toMillis());
        }
        Uni<Void> recorded = write(call, TouchpointKind.HUNG_UP, ending.failed ? "failed" : ending.by, call.agentId,
                data);
        if (call.routed) {
            String reason = call.connected ? null : call.customerDialStatus != null
                    ? "dial-" + call.customerDialStatus.toLowerCase(Locale.ROOT) : "hung-up-before-answer";
            return recorded.chain(() -> callbacks.called(call.interactionId, false, reason))
                    .chain(() -> end(call.interactionId));
        }
        if (call.direction == Call.Direction.OUTBOUND) {
            return recorded.chain(() -> repository.ended(call.interactionId, call.connected));
        }
        return recorded.chain(() -> end(call.interactionId));
    }

    /** Who ended a call, on which channel and why; {@code failed} when Asterisk dropped it, not a party. */
    private record Ending(String by, String channel, Integer cause, boolean failed) {
    }

    private static Ending ending(Call call, CallEvent.ChannelHungUp last) {
        if (call.hungUpBy != null) {
            Integer cause = call.hangupCause != null ? call.hangupCause : last.cause();
            return new Ending(call.hungUpBy, last.channel(), cause, false);
        }
        if (call.transferredOut) {
            // The caller went on to an outside number: whoever ended it there is not ours to name.
            return new Ending("number", last.channel(), last.cause(), false);
        }
        // Nobody asked to hang up: Asterisk ended the call (a failed bridge, codecs it could not translate).
        String channel = call.firstEnded != null ? call.firstEnded : last.channel();
        Integer cause = call.firstEnded != null ? call.firstEndedCause : last.cause();
        return new Ending("asterisk", channel, cause, true);
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
        call.hangupCause = null;
        call.transferredOut = true;
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
        call.hungUpBy = null;
        call.hangupCause = null;
        // The consulted agent has the caller already: the interaction is that agent's at once, not queued.
        return write(call, TouchpointKind.TRANSFERRED, "attended", from, data)
                .chain(() -> routing.handOver(from, call.interactionId, to)).replaceWithVoid()
                .onFailure(RoutingRefusal.class).invoke(refusal -> LOG.warnf(
                        "Call %s: routing did not hand interaction %d to agent %d: %s", call.linkedid,
                        call.interactionId, to, refusal.getMessage()))
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
