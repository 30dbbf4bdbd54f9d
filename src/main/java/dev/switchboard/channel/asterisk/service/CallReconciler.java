package dev.switchboard.channel.asterisk.service;

import dev.switchboard.channel.asterisk.repository.CallRepository;
import dev.switchboard.channel.asterisk.repository.CallRepository.CallRecord;
import dev.switchboard.channel.asterisk.service.AmiActions.LiveChannel;
import dev.switchboard.interaction.TouchpointKind;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.routing.service.RoutingService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * After every AMI login (Asterisk restarted, the network came back, or this service started) compares
 * the calls our records say are going with Asterisk's channels ({@code CoreShowChannels}): a call that
 * ended meanwhile is closed with a touchpoint saying so; a live one is picked up again, its channels
 * re-read and its interaction checked against the {@code SB_INTERACTION} variable ({@code Status}).
 */
@ApplicationScoped
public class CallReconciler {

    private static final Logger LOG = Logger.getLogger(CallReconciler.class);

    private final AmiActions actions;
    private final CallRepository repository;
    private final CallTracker tracker;
    private final AgentEndpoints endpoints;
    private final RoutingService routing;

    CallReconciler(AmiActions actions, CallRepository repository, CallTracker tracker, AgentEndpoints endpoints,
                   RoutingService routing) {
        this.actions = actions;
        this.repository = repository;
        this.tracker = tracker;
        this.endpoints = endpoints;
        this.routing = routing;
    }

    /** What a reconciliation found, for the log and the tests. */
    public record Result(int live, int ended) {
    }

    public Uni<Result> reconcile() {
        return endpoints.reload().chain(actions::channels).chain(live -> repository.openCalls().chain(open -> {
            Map<String, List<LiveChannel>> byCall = live.stream().filter(c -> c.linkedid() != null)
                    .collect(Collectors.groupingBy(LiveChannel::linkedid));
            Map<Long, CallRecord> records = new HashMap<>();
            open.forEach(r -> records.put(r.id(), r));
            // Calls we still track but whose records were closed meanwhile (wrapped up by hand).
            tracker.all().stream().filter(c -> !records.containsKey(c.interactionId)).toList().forEach(tracker::forget);
            return Multi.createFrom().iterable(open)
                    .onItem().transformToUniAndConcatenate(r -> byCall.containsKey(r.linkedid())
                            ? resume(r, byCall.get(r.linkedid())).replaceWith(Boolean.TRUE)
                            : endedMeanwhile(r).replaceWith(Boolean.FALSE))
                    .collect().asList()
                    .map(outcomes -> {
                        int alive = (int) outcomes.stream().filter(Boolean::booleanValue).count();
                        Result result = new Result(alive, outcomes.size() - alive);
                        LOG.infof("Telephony reconciled with Asterisk: %d calls live, %d ended while we were apart",
                                result.live(), result.ended());
                        return result;
                    });
        }));
    }

    private Uni<Void> endedMeanwhile(CallRecord r) {
        Call call = tracker.byLinkedid(r.linkedid());
        if (call != null) {
            tracker.forget(call);
        } else {
            call = new Call(r.linkedid(), r.id(), r.customerId(), r.channel(),
                    "OUTBOUND".equals(r.direction()) ? Call.Direction.OUTBOUND : Call.Direction.INBOUND);
        }
        Call gone = call;
        Uni<Void> noted = tracker.write(gone, TouchpointKind.HUNG_UP, "ended-unobserved", r.agentId(),
                CallTracker.data("reason", "the call ended while the service was not connected to Asterisk",
                        "stateBefore", r.state()));
        if (gone.direction == Call.Direction.OUTBOUND && !r.routed()) {
            return noted.chain(() -> repository.ended(r.id(), "ACTIVE".equals(r.state())));
        }
        return noted.chain(() -> tracker.end(r.id()));
    }

    private Uni<Void> resume(CallRecord r, List<LiveChannel> channels) {
        Call call = tracker.byLinkedid(r.linkedid());
        if (call == null) {
            call = new Call(r.linkedid(), r.id(), r.customerId(), r.channel(),
                    "OUTBOUND".equals(r.direction()) ? Call.Direction.OUTBOUND : Call.Direction.INBOUND);
            call.routed = r.routed() && call.direction == Call.Direction.OUTBOUND;
            tracker.add(call);
        }
        Call c = call;
        LiveChannel origin = channels.stream().filter(ch -> r.linkedid().equals(ch.uniqueid())).findFirst().orElse(null);
        for (LiveChannel ch : channels) {
            Long agent = endpoints.agentOfChannel(ch.channel());
            if (ch == origin) {
                if (c.direction == Call.Direction.INBOUND) {
                    c.customerChannel = ch.channel();
                } else {
                    c.agentChannel = ch.channel();
                    c.agentId = r.agentId();
                }
            } else if (agent != null && c.direction == Call.Direction.INBOUND) {
                c.agentChannel = ch.channel();
                c.agentId = agent;
                c.connected = ch.bridgeId() != null && !ch.bridgeId().isBlank() && origin != null
                        && ch.bridgeId().equals(origin.bridgeId());
            } else if (agent == null && c.direction == Call.Direction.OUTBOUND) {
                c.customerChannel = ch.channel();
                c.connected = ch.bridgeId() != null && !ch.bridgeId().isBlank();
            }
        }
        Uni<Void> checked = origin == null || c.direction != Call.Direction.INBOUND ? Uni.createFrom().voidItem()
                : actions.variables(origin.channel(), List.of("SB_INTERACTION")).invoke(vars -> {
                    String id = vars.get("SB_INTERACTION");
                    if (id != null && !id.equals(Long.toString(r.id()))) {
                        LOG.warnf("Call %s: channel %s says interaction %s, our records %d", r.linkedid(),
                                origin.channel(), id, r.id());
                    }
                }).replaceWithVoid();
        if (!"NEW".equals(r.state()) || c.direction != Call.Direction.INBOUND) {
            return checked;
        }
        // Opened but never routed (the service stopped in between): route it now.
        return checked.chain(() -> routing.route(r.id(), null).replaceWithVoid()
                .onFailure(ProblemException.class).recoverWithNull().replaceWithVoid());
    }
}
