package dev.switchboard.channel.asterisk.service;

import dev.switchboard.audit.AuditLog;
import dev.switchboard.channel.asterisk.AsteriskConfig;
import dev.switchboard.channel.asterisk.DialString;
import dev.switchboard.channel.asterisk.repository.CallRepository;
import dev.switchboard.customer.ContactPointType;
import dev.switchboard.customer.service.ContactPointNormalizer;
import dev.switchboard.interaction.Channel;
import dev.switchboard.interaction.TouchpointKind;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import dev.switchboard.routing.RoutingConfig;
import dev.switchboard.routing.service.AgentSockets;
import dev.switchboard.routing.service.RoutingService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * What an agent (or a supervisor) does to a live call: hang up, transfer blind or attended, record,
 * call a customer, and listen, whisper or barge. Each control checks that the call is the agent's
 * own, then asks Asterisk; the outcome comes back as AMI events ({@link CallTracker}).
 */
@ApplicationScoped
public class CallControls {

    /** Recording controls. */
    public enum RecordingAction { START, STOP, PAUSE, RESUME }

    /** How a supervisor joins an agent's call: ChanSpy options q, qw, qB. */
    public enum SpyMode {
        LISTEN("q"), WHISPER("qw"), BARGE("qB");

        final String options;

        SpyMode(String options) {
            this.options = options;
        }
    }

    /** A click-to-call that Asterisk took: the interaction and the call's linkedid. */
    public record Dialled(long interactionId, String linkedid, String number) {
    }

    /** How long the consult leg of an Atxfer may take to appear (Asterisk waits transferdigittimeout, 3 s, for the digits). */
    static final Duration CONSULT_START = Duration.ofSeconds(8);

    private final CallTracker tracker;
    private final CallEventLoop loop;
    private final AmiActions actions;
    private final AgentEndpoints endpoints;
    private final RoutingService routing;
    private final CallRepository repository;
    private final ContactPointNormalizer normalizer;
    private final AgentSockets sockets;
    private final AuditLog audit;
    private final AsteriskConfig config;
    private final RoutingConfig routingConfig;

    CallControls(CallTracker tracker, CallEventLoop loop, AmiActions actions, AgentEndpoints endpoints, RoutingService routing,
                 CallRepository repository, ContactPointNormalizer normalizer, AgentSockets sockets, AuditLog audit,
                 AsteriskConfig config, RoutingConfig routingConfig) {
        this.tracker = tracker;
        this.loop = loop;
        this.actions = actions;
        this.endpoints = endpoints;
        this.routing = routing;
        this.repository = repository;
        this.normalizer = normalizer;
        this.sockets = sockets;
        this.audit = audit;
        this.config = config;
        this.routingConfig = routingConfig;
    }

    /** Ends the call for everyone on it. */
    public Uni<Void> hangup(long agentId, long interactionId) {
        Call call = own(agentId, interactionId);
        call.hungUpBy = "agent";
        String channel = call.customerChannel != null ? call.customerChannel : call.agentChannel;
        return actions.hangup(channel);
    }

    /**
     * Blind transfer: to an outside number (AMI BlindTransfer into the outbound context), or through
     * routing to a queue and/or one agent (the caller waits on hold, first in line).
     */
    public Uni<Void> transfer(long agentId, long interactionId, Long queueId, Long toAgentId, String number) {
        Call call = connected(agentId, interactionId);
        if (number != null) {
            String dial = dialString(normalizer.normalize(ContactPointType.PHONE, number, "number"));
            return actions.blindTransfer(call.agentChannel, config.contexts().outbound(), dial);
        }
        if (call.direction == Call.Direction.OUTBOUND) {
            throw new ProblemException(ProblemType.CONFLICT, "A click-to-call can only be transferred to a number");
        }
        return routing.transfer(agentId, interactionId, queueId, toAgentId).replaceWithVoid();
    }

    /** Attended transfer, first step: the caller is held while the agent's phone calls the other agent. */
    public Uni<Void> consult(long agentId, long interactionId, long toAgentId) {
        Call call = connected(agentId, interactionId);
        if (call.consultAgentId != null) {
            throw new ProblemException(ProblemType.CONFLICT, "A consultation is already in progress on this call");
        }
        if (toAgentId == agentId) {
            throw ProblemException.invalid("toAgentId", "must be another agent");
        }
        return endpoints.endpoint(toAgentId).chain(endpoint -> {
            if (endpoint == null) {
                throw ProblemException.notFound("Agent", toAgentId);
            }
            call.consultAgentId = toAgentId;
            // Atxfer only queues the feature's digits: Asterisk may still fail to start the consult leg (no such
            // extension), which it reports to no one. The consultation has started when its leg dials (CallTracker).
            return actions.attendedTransfer(call.agentChannel, config.contexts().agent(), endpoint)
                    .onFailure().invoke(() -> call.consultAgentId = null)
                    .invoke(() -> loop.later(CONSULT_START, "consult check " + interactionId,
                            () -> tracker.consultNotStarted(call, agentId, toAgentId)));
        });
    }

    /** Attended transfer, completed: the first agent leaves and Asterisk joins the caller to the other agent. */
    public Uni<Void> completeConsult(long agentId, long interactionId) {
        Call call = connected(agentId, interactionId);
        if (call.consultChannel == null) {
            throw new ProblemException(ProblemType.CONFLICT, "No consultation is connected on this call");
        }
        return actions.hangup(call.agentChannel);
    }

    /** Attended transfer, cancelled: the consulted phone is hung up and the caller returns to the first agent. */
    public Uni<Void> cancelConsult(long agentId, long interactionId) {
        Call call = connected(agentId, interactionId);
        String consult = call.consultChannel;
        if (consult == null && call.consultAgentId == null) {
            throw new ProblemException(ProblemType.CONFLICT, "No consultation is in progress on this call");
        }
        call.consultAgentId = null;
        call.consultChannel = null;
        Uni<Void> drop = consult == null ? Uni.createFrom().voidItem() : actions.hangup(consult);
        return drop.call(() -> tracker.write(call, TouchpointKind.NOTE, "consult-cancelled", agentId, Map.of()));
    }

    /** Starts, stops, pauses (for card numbers) or resumes the call's recording. */
    public Uni<Void> recording(long agentId, long interactionId, RecordingAction action) {
        Call call = connected(agentId, interactionId);
        String channel = call.direction == Call.Direction.INBOUND ? call.customerChannel : call.agentChannel;
        return switch (action) {
            case START -> {
                if (call.recordingId != null) {
                    throw new ProblemException(ProblemType.CONFLICT, "The call is being recorded already");
                }
                String file = config.recordingDirectory() + "/" + interactionId + "-" + Instant.now().getEpochSecond()
                        + ".wav";
                // Set before the action: Asterisk's VarSet MIXMONITOR_FILENAME (the full path) is handled on the
                // event loop and must win, whichever of it and the action's response comes first.
                call.recordingFile = file;
                yield actions.mixMonitor(channel, file).invoke(id -> call.recordingId = id == null ? "" : id)
                        .replaceWithVoid();
            }
            case STOP -> {
                String id = requireRecording(call);
                yield actions.stopMixMonitor(channel, id.isEmpty() ? null : id);
            }
            case PAUSE, RESUME -> {
                requireRecording(call);
                boolean pause = action == RecordingAction.PAUSE;
                if (call.recordingPaused == pause) {
                    throw new ProblemException(ProblemType.CONFLICT, "The recording is " + (pause ? "paused" : "running")
                            + " already");
                }
                yield actions.mixMonitorMute(channel, pause).invoke(() -> call.recordingPaused = pause)
                        .call(() -> tracker.write(call, TouchpointKind.RECORDING, pause ? "paused" : "resumed", agentId,
                                CallTracker.data("file", call.recordingFile)));
            }
        };
    }

    /**
     * Click-to-call: opens an outbound interaction held by the agent, rings the agent's phone (AMI
     * Originate) and, when it answers, the outbound context dials the customer through the trunk.
     */
    public Uni<Dialled> call(long agentId, long customerId, String to) {
        Uni<String> number = to != null
                ? Uni.createFrom().item(normalizer.normalize(ContactPointType.PHONE, to, "to"))
                : repository.phone(customerId);
        return repository.customerExists(customerId).chain(exists -> {
            if (!exists) {
                throw ProblemException.notFound("Customer", customerId);
            }
            return number;
        }).chain(e164 -> {
            if (e164 == null) {
                throw ProblemException.invalid("to", "the customer has no phone number; give one");
            }
            return endpoints.endpoint(agentId).chain(endpoint -> {
                if (endpoint == null) {
                    throw ProblemException.notFound("Agent", agentId);
                }
                String linkedid = "sb-" + UUID.randomUUID();
                return repository.openOutboundCall(customerId, Channel.VOICE, agentId, e164, linkedid).chain(id -> {
                    Call call = new Call(linkedid, id, customerId, Channel.VOICE, Call.Direction.OUTBOUND);
                    call.agentId = agentId;
                    sockets.holds(agentId, id);
                    return place(call, endpoint, e164, Map.of())
                            .onFailure().call(() -> tracker.write(call, TouchpointKind.HUNG_UP, "not-placed", agentId,
                                    Map.of()).chain(() -> repository.ended(id, false)))
                            .replaceWith(new Dialled(id, linkedid, e164));
                });
            });
        });
    }

    /**
     * Places an outbound call of an agent's (click-to-call, a call-back): rings the agent's phone (AMI
     * Originate) and, when it answers, the outbound context dials the customer through the trunk. Fails
     * when Asterisk refuses the Originate; the call is then forgotten and the caller records why.
     */
    Uni<Void> place(Call call, String endpoint, String e164, Map<String, Object> about) {
        tracker.add(call);
        long ringMs = routingConfig.offerTimeout().voice().toMillis();
        Map<String, Object> data = CallTracker.data("to", e164, "endpoint", endpoint, "direction", "OUTBOUND");
        data.putAll(about);
        return tracker.write(call, TouchpointKind.CONTACT, "dialling", call.agentId, data)
                .chain(() -> actions.originate("sb-c2c-" + call.interactionId, "PJSIP/" + endpoint,
                        config.contexts().outbound(), dialString(e164), config.outboundCallerId(), ringMs,
                        call.linkedid, Map.of("SB_INTERACTION", Long.toString(call.interactionId))))
                .onFailure().invoke(() -> tracker.forget(call));
    }

    /** A supervisor's phone listens to, whispers to or barges into an agent's call; audited. */
    public Uni<Void> spy(String supervisor, long supervisorAgentId, long interactionId, SpyMode mode) {
        Call call = tracker.byInteraction(interactionId);
        if (call == null || call.agentId == null || !call.connected) {
            throw new ProblemException(ProblemType.CONFLICT, "Interaction " + interactionId + " has no connected call");
        }
        long spied = call.agentId;
        return endpoints.endpoint(supervisorAgentId).chain(own -> endpoints.endpoint(spied).chain(target -> {
            if (own == null || target == null) {
                throw new ProblemException(ProblemType.CONFLICT, "The supervisor needs a softphone (an agent record)");
            }
            String auditTarget = "interaction:" + interactionId;
            tracker.spying(own, auditTarget);
            return Panache.withTransaction(() -> audit.record(supervisor, "call." + mode.name().toLowerCase(),
                            auditTarget, Map.of("agentId", spied, "supervisorEndpoint", own)))
                    .chain(() -> actions.originate("sb-spy-" + interactionId + "-" + System.nanoTime(), "PJSIP/" + own,
                            config.contexts().spy(), target, "Switchboard " + mode.name().toLowerCase(),
                            routingConfig.offerTimeout().voice().toMillis(), null,
                            Map.of("SB_SPY_OPTIONS", mode.options)));
        }));
    }

    /** The number as the trunk dials it: {@code outbound-strip} removed, {@code outbound-prefix} added. */
    String dialString(String e164) {
        return DialString.of(e164, config.outboundStrip(), config.outboundPrefix());
    }

    private Call own(long agentId, long interactionId) {
        Call call = tracker.byInteraction(interactionId);
        if (call == null) {
            throw new ProblemException(ProblemType.CONFLICT, "Interaction " + interactionId + " has no live call");
        }
        if (call.agentId == null || call.agentId != agentId) {
            throw new ProblemException(ProblemType.FORBIDDEN, "Interaction " + interactionId + " is not your call");
        }
        return call;
    }

    private Call connected(long agentId, long interactionId) {
        Call call = own(agentId, interactionId);
        if (!call.connected || call.agentChannel == null) {
            throw new ProblemException(ProblemType.CONFLICT, "Your call on interaction " + interactionId
                    + " is not connected");
        }
        return call;
    }

    private static String requireRecording(Call call) {
        if (call.recordingId == null) {
            throw new ProblemException(ProblemType.CONFLICT, "The call is not being recorded");
        }
        return call.recordingId;
    }
}
