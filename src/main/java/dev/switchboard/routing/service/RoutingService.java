package dev.switchboard.routing.service;

import dev.switchboard.customer.Tier;
import dev.switchboard.interaction.Channel;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import dev.switchboard.queue.Disposition;
import dev.switchboard.routing.QueueIntervals;
import dev.switchboard.routing.QueueStats;
import dev.switchboard.routing.RoutingConfig;
import dev.switchboard.routing.engine.Contact;
import dev.switchboard.routing.engine.Presence;
import dev.switchboard.routing.engine.RoutingCommand;
import dev.switchboard.routing.engine.RoutingEvent;
import dev.switchboard.routing.engine.RoutingRefusal;
import dev.switchboard.routing.repository.RoutingRepository.QueueRecord;
import dev.switchboard.routing.repository.RoutingRepository.RoutedRecord;
import dev.switchboard.routing.repository.RoutingRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The channel-neutral entry to routing: channels hand it interactions, agents and supervisors
 * act through it. Checks what the engine cannot know (configured reasons, records) and audits
 * supervisors' actions.
 */
@ApplicationScoped
public class RoutingService {

    private static final Duration INTERVAL = Duration.ofMinutes(15);

    private static final Logger LOG = Logger.getLogger(RoutingService.class);

    private final Router router;
    private final RoutingRepository repository;
    private final AnswerTargetPolicy targets;
    private final RoutingConfig config;
    private final Map<Long, QueueRecord> queueTargets = new ConcurrentHashMap<>();
    private final AgentSockets sockets;
    private final Instance<LiveContacts> live;

    RoutingService(Router router, RoutingRepository repository, AnswerTargetPolicy targets, RoutingConfig config,
                   AgentSockets sockets, Instance<LiveContacts> live) {
        this.sockets = sockets;
        this.live = live;
        this.router = router;
        this.repository = repository;
        this.targets = targets;
        this.config = config;
    }

    /**
     * Hands an open interaction to routing in the given queue (or its own, or the channel's default).
     * Emits null when there is no queue for it; the interaction then stays unrouted.
     */
    public Uni<List<RoutingEvent>> route(long interactionId, Long queueId) {
        return route(interactionId, queueId, null);
    }

    /**
     * As {@link #route(long, Long)}, due by the given time instead of the answer target of (tier, channel): a
     * call-back is due at the end of the window the customer chose, not seconds after it enters the queue.
     */
    public Uni<List<RoutingEvent>> route(long interactionId, Long queueId, Instant dueBy) {
        return repository.interaction(interactionId).flatMap(i -> {
            if (i == null) {
                return Uni.createFrom().failure(ProblemException.notFound("Interaction", interactionId));
            }
            if (!"NEW".equals(i.state())) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.CONFLICT,
                        "Interaction " + interactionId + " is " + i.state() + ", only NEW interactions are routed"));
            }
            Long queue = queueId != null ? queueId : i.queueId();
            Uni<Long> chosen = queue != null ? Uni.createFrom().item(queue) : repository.defaultQueue(i.channel());
            return chosen.flatMap(q -> q == null ? Uni.createFrom().nullItem() : queue(q).flatMap(record -> {
                if (record == null) {
                    return Uni.createFrom().failure(ProblemException.notFound("Queue", q));
                }
                return router.command(null, enqueue(i, record, dueBy));
            }));
        });
    }

    /** The contact arrives now, wherever routing runs; its answer target is known here, unless due by a time. */
    private RoutingCommand.Enqueue enqueue(RoutedRecord i, QueueRecord queue, Instant dueBy) {
        Duration target = dueBy != null ? null : answerTarget(queue, i.tier(), i.channel());
        return new RoutingCommand.Enqueue(i.id(), i.customerId(), queue.profile().id(), i.channel(), i.tier(),
                i.advisorTeamId(), i.lastAgentId(), i.lastServedAt(), i.direction(), i.teamFirstUntil(), target, dueBy,
                Instant.now());
    }

    Duration answerTarget(QueueRecord queue, Tier tier, Channel channel) {
        Integer own = queue.targets().get(tier.name() + "/" + channel.name());
        return own != null ? Duration.ofSeconds(own) : targets.defaultTarget(tier, channel);
    }

    /** A queue's record, loading it into routing the first time; null when there is no such queue. */
    public Uni<QueueRecord> queue(long queueId) {
        QueueRecord known = queueTargets.get(queueId);
        return known != null ? Uni.createFrom().item(known) : refreshQueue(queueId);
    }

    /** Reloads a queue after its record changed. */
    public Uni<QueueRecord> refreshQueue(long queueId) {
        return repository.queue(queueId).flatMap(record -> {
            if (record == null) {
                queueTargets.remove(queueId);
                return Uni.createFrom().nullItem();
            }
            queueTargets.put(queueId, record);
            return router.command(null, new RoutingCommand.PutQueue(record.profile())).replaceWith(record);
        });
    }

    /** Reloads an agent after its record changed. */
    public Uni<Void> refreshAgent(long agentId) {
        return repository.agent(agentId).flatMap(record -> record == null ? Uni.createFrom().voidItem()
                : router.command(null, new RoutingCommand.PutAgent(record.profile())).replaceWithVoid());
    }

    void restoredQueue(QueueRecord record) {
        queueTargets.put(record.profile().id(), record);
    }

    /** A queue's live figures and today's results, or null when there is no such queue. */
    public Uni<QueueStats> stats(long queueId) {
        return queue(queueId).chain(q -> q == null ? Uni.createFrom().nullItem()
                : router.query(new RoutingQuery.QueueFigures(q.profile())));
    }

    /** A queue's waiting contacts in the order they will be served, or null when there is no such queue. */
    public Uni<List<Contact>> waiting(long queueId) {
        return queue(queueId).chain(q -> q == null ? Uni.createFrom().nullItem()
                : router.query(new RoutingQuery.WaitingContacts(queueId)));
    }

    // ---- agents ---------------------------------------------------------------------------------

    /** The agent's own presence change; a pause needs one of the configured reasons. */
    public Uni<List<RoutingEvent>> presence(long agentId, Presence presence, String reason, Set<Channel> channels) {
        checkReason(presence, reason);
        return router.command(null, new RoutingCommand.SetPresence(agentId, presence, reason, channels));
    }

    public Uni<List<RoutingEvent>> accept(long agentId, long interactionId) {
        return router.command(null, new RoutingCommand.Accept(agentId, interactionId));
    }

    /** {@link #accept}, handed on as {@link Router#handOn} does. */
    public Uni<Uni<List<RoutingEvent>>> acceptHandedOn(long agentId, long interactionId) {
        return router.handOn(null, new RoutingCommand.Accept(agentId, interactionId));
    }

    public Uni<List<RoutingEvent>> decline(long agentId, long interactionId) {
        return router.command(null, new RoutingCommand.Decline(agentId, interactionId));
    }

    /** {@link #decline}, handed on as {@link Router#handOn} does. */
    public Uni<Uni<List<RoutingEvent>>> declineHandedOn(long agentId, long interactionId) {
        return router.handOn(null, new RoutingCommand.Decline(agentId, interactionId));
    }

    /** The offer was missed for a reason the channel knows: the phone rang out ({@code no-answer}), was busy, or unreachable. */
    public Uni<List<RoutingEvent>> missed(long agentId, long interactionId, String reason) {
        return router.command(null, new RoutingCommand.Missed(agentId, interactionId, reason));
    }

    /** The contact ended (by its channel or its agent); the agent wraps up. */
    public Uni<List<RoutingEvent>> end(long interactionId) {
        return router.command(null, new RoutingCommand.End(interactionId));
    }

    /** The agent ends a contact it holds (it wraps up next); refused while the contact is live in its channel. */
    public Uni<List<RoutingEvent>> endByAgent(long interactionId) {
        return notLive(interactionId).chain(() -> end(interactionId));
    }

    /** {@link #endByAgent}, handed on (after its check) as {@link Router#handOn} does. */
    public Uni<Uni<List<RoutingEvent>>> endByAgentHandedOn(long interactionId) {
        return notLive(interactionId).chain(() -> router.handOn(null, new RoutingCommand.End(interactionId)));
    }

    /**
     * The agent finishes wrap-up with a disposition code (ending the contact first if needed); refused
     * while the contact is live in its channel (a call still connected: hang up first), and with a
     * validation problem when the interaction's queue lists dispositions and this is not one of them (routing
     * checks that against the queue it holds, without a read of the database).
     */
    public Uni<List<RoutingEvent>> wrapUp(long agentId, long interactionId, String disposition) {
        return wrapUpChecked(interactionId, disposition)
                .chain(() -> validated(finishWrapUp(agentId, interactionId, disposition)));
    }

    /** {@link #wrapUp}, handed on (after its checks) as {@link Router#handOn} does. */
    public Uni<Uni<List<RoutingEvent>>> wrapUpHandedOn(long agentId, long interactionId, String disposition) {
        return wrapUpChecked(interactionId, disposition).chain(() -> router.handOn(null,
                new RoutingCommand.FinishWrapUp(agentId, interactionId, disposition))).map(RoutingService::validated);
    }

    private Uni<Void> wrapUpChecked(long interactionId, String disposition) {
        // Its length here; whether the queue lists it, in routing.
        return notLive(interactionId).invoke(() -> Disposition.check(List.of(), disposition));
    }

    /** Routing's refusal of a disposition as the validation problem it is to the agent. */
    private static Uni<List<RoutingEvent>> validated(Uni<List<RoutingEvent>> wrapUp) {
        return wrapUp.onFailure(e -> e instanceof RoutingRefusal r && RoutingRefusal.INVALID_DISPOSITION.equals(r.code()))
                .transform(e -> ProblemException.invalid("disposition", e.getMessage()));
    }

    private Uni<Void> notLive(long interactionId) {
        for (LiveContacts channel : live) {
            String why = channel.stillLive(interactionId);
            if (why != null) {
                return Uni.createFrom().failure(new RoutingRefusal("still-live", why));
            }
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<List<RoutingEvent>> finishWrapUp(long agentId, long interactionId, String disposition) {
        return router.command(null, new RoutingCommand.FinishWrapUp(agentId, interactionId, disposition));
    }

    // ---- supervisors ----------------------------------------------------------------------------

    public Uni<List<RoutingEvent>> setAgentPresence(String actor, long agentId, Presence presence, String reason,
                                                    Set<Channel> channels) {
        checkReason(presence, reason);
        return router.command(actor, new RoutingCommand.SetPresence(agentId, presence, reason, channels),
                List.of(JournalEntries.audit(actor, "routing.agent-presence", "agent:" + agentId,
                        new JsonObject().put("presence", presence.name()).put("reason", reason))));
    }

    public Uni<List<RoutingEvent>> moveToQueue(String actor, long interactionId, long queueId) {
        return queue(queueId).flatMap(record -> record == null
                ? Uni.createFrom().failure(ProblemException.notFound("Queue", queueId))
                : router.command(actor, new RoutingCommand.MoveToQueue(interactionId, queueId),
                        List.of(JournalEntries.audit(actor, "routing.move", "interaction:" + interactionId,
                                new JsonObject().put("queueId", queueId)))));
    }

    public Uni<List<RoutingEvent>> moveToAgent(String actor, long interactionId, long agentId) {
        return router.command(actor, new RoutingCommand.MoveToAgent(interactionId, agentId),
                List.of(JournalEntries.audit(actor, "routing.move", "interaction:" + interactionId,
                        new JsonObject().put("agentId", agentId))));
    }

    /**
     * A supervisor starts reading an interaction live: refused when it does not exist; audited as
     * {@code interaction.watch}, like listening to a call.
     */
    public Uni<Void> watch(String actor, long interactionId) {
        return repository.interaction(interactionId).chain(record -> record == null
                ? Uni.createFrom().failure(ProblemException.notFound("Interaction", interactionId))
                : router.command(actor, new RoutingCommand.Watch(interactionId),
                        List.of(JournalEntries.audit(actor, "interaction.watch", "interaction:" + interactionId,
                                new JsonObject().put("agentId", record.agentId()))))
                        .replaceWithVoid());
    }

    /** A queue's day in 15-minute intervals in the statistics zone, from the records; null for an unknown queue. */
    public Uni<QueueIntervals> intervals(long queueId, LocalDate day) {
        ZoneId zone = router.zone();
        Instant from = day.atStartOfDay(zone).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(zone).toInstant();
        return repository.queue(queueId).chain(queue -> queue == null ? Uni.createFrom().nullItem()
                : repository.intervals(queueId, from, to).map(rows -> {
                    Map<Long, Row> byBucket = new HashMap<>();
                    rows.forEach(r -> byBucket.put(r.getLong("bucket"), r));
                    List<QueueIntervals.Interval> items = new ArrayList<>();
                    for (Instant start = from; start.isBefore(to); start = start.plus(INTERVAL)) {
                        Row r = byBucket.get(start.getEpochSecond());
                        String at = start.atZone(zone).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                        items.add(r == null ? new QueueIntervals.Interval(at, 0, 0, 0, 0, 0, null) : interval(at, r));
                    }
                    return new QueueIntervals(queueId, day.toString(), zone.getId(), (int) INTERVAL.toMinutes(),
                            items);
                }));
    }

    /** Today in the statistics zone. */
    public LocalDate today() {
        return LocalDate.now(router.zone());
    }

    private static QueueIntervals.Interval interval(String start, Row r) {
        long answered = r.getLong("answered");
        long answeredInTarget = r.getLong("answered_in_target");
        long abandoned = r.getLong("abandoned");
        long abandonedInTarget = r.getLong("abandoned_in_target");
        long left = answered + abandoned;
        return new QueueIntervals.Interval(start, r.getLong("arrived"), answered, answeredInTarget, abandoned,
                abandonedInTarget, left == 0 ? null : (double) (answeredInTarget + abandonedInTarget) / left);
    }

    /** Whether routing holds the interaction: waiting, offered, or with an agent. */
    public Uni<Boolean> tracks(long interactionId) {
        return router.query(new RoutingQuery.Tracks(interactionId));
    }

    /** The agent routing gave the interaction to (offered, on it or wrapping up), or null. */
    public Uni<Long> holder(long interactionId) {
        return router.query(new RoutingQuery.Holder(interactionId));
    }

    /**
     * The agent on a contact hands it to another queue and/or one agent; the customer waits again,
     * first in line, and the transferring agent is free at once.
     */
    public Uni<List<RoutingEvent>> transfer(long agentId, long interactionId, Long queueId, Long toAgentId) {
        if (queueId == null && toAgentId == null) {
            throw ProblemException.invalid("queueId", "give a queue, an agent, or both");
        }
        Uni<Void> known = queueId == null ? Uni.createFrom().voidItem() : queue(queueId).invoke(q -> {
            if (q == null) {
                throw ProblemException.notFound("Queue", queueId);
            }
        }).replaceWithVoid();
        return known.chain(() -> router.command(null,
                new RoutingCommand.Transfer(agentId, interactionId, queueId, toAgentId)));
    }

    /** An accepted outbound task whose agent could not be reached goes back to its queue (a miss of the agent's). */
    public Uni<List<RoutingEvent>> returnTask(long agentId, long interactionId, String reason) {
        return router.command(null, new RoutingCommand.ReturnTask(agentId, interactionId, reason));
    }

    /** A contact its agent handed to another agent outside routing (a completed attended transfer) is that agent's now. */
    public Uni<List<RoutingEvent>> handOver(long agentId, long interactionId, long toAgentId) {
        return router.command(null, new RoutingCommand.HandOver(agentId, interactionId, toAgentId));
    }

    public Uni<List<RoutingEvent>> changeDueBy(String actor, long interactionId, Instant dueBy) {
        return router.command(actor, new RoutingCommand.ChangeDueBy(interactionId, dueBy),
                List.of(JournalEntries.audit(actor, "routing.due-by", "interaction:" + interactionId,
                        new JsonObject().put("dueBy", dueBy.toString()))));
    }

    /** The agent's socket opened (true) or its last one closed (false): whether offers reach it. */
    public Uni<List<RoutingEvent>> reachable(long agentId, boolean reachable) {
        return router.command(null, new RoutingCommand.Reachable(agentId, reachable));
    }

    /** After a lost socket's grace period: offline for routing unless the agent came back. */
    public void graceExpired(long agentId) {
        router.commandIf(() -> !sockets.isConnected(agentId), null, new RoutingCommand.GraceExpired(agentId))
                .subscribe().with(x -> { },
                e -> LOG.warnf("Agent %d could not be made offline after its socket was lost: %s", agentId,
                        e.getMessage()));
    }

    private void checkReason(Presence presence, String reason) {
        if (presence == Presence.PAUSED && (reason == null || !config.pauseReasons().contains(reason))) {
            throw ProblemException.invalid("reason", "must be one of " + config.pauseReasons());
        }
    }
}
