package dev.switchboard.routing.service;

import dev.switchboard.customer.Tier;
import dev.switchboard.platform.cluster.Cluster;
import dev.switchboard.routing.RoutingConfig;
import dev.switchboard.routing.engine.AgentState;
import dev.switchboard.routing.engine.Contact;
import dev.switchboard.routing.engine.Presence;
import dev.switchboard.routing.engine.QueueStatistics;
import dev.switchboard.routing.engine.RoutingCommand;
import dev.switchboard.routing.repository.RoutingRepository.RoutedRecord;
import dev.switchboard.routing.repository.RoutingRepository;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Rebuilds routing from the records when the service starts: queues, agents and their presence,
 * the work agents hold, and the waiting contacts (an offer pending at shutdown is re-queued).
 *
 * <p>It runs first among the start-up observers and blocks until done, so the gateways that start
 * on {@link StartupEvent} at the default priority (mail watchers, FastAGI) and the HTTP server
 * (which Quarkus opens only after every start-up observer returned: REST, chat, Kannel and fax
 * callbacks, the sockets) take no new work before it. It is idempotent all the same: a contact that
 * is already in routing when recovery reaches it (routed since the records were read) is left as
 * it is, never enqueued twice.
 */
@ApplicationScoped
public class RoutingRecovery {

    private static final Logger LOG = Logger.getLogger(RoutingRecovery.class);

    private final Router router;
    private final RoutingRepository repository;
    private final RoutingService service;
    private final RoutingConfig config;
    private final AgentSockets sockets;
    private final Cluster cluster;
    private volatile boolean recovered;

    RoutingRecovery(Router router, RoutingRepository repository, RoutingService service, RoutingConfig config,
                    AgentSockets sockets, Cluster cluster) {
        this.cluster = cluster;
        this.sockets = sockets;
        this.router = router;
        this.repository = repository;
        this.service = service;
        this.config = config;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent event) {
        if (!cluster.enabled()) {
            recover();
            recovered = true;
        }
        // In a cluster the instance that takes routing over rebuilds it then (ClusterRouting).
    }

    /**
     * Whether this instance routes from state rebuilt from the records: alone, once it started; one of a cluster,
     * while it owns routing. What must run once per cluster against routing (call-backs coming due, resuming
     * proactive lists) runs where this holds.
     */
    public boolean recovered() {
        return recovered;
    }

    /** One of a cluster: this instance took routing over (after {@link #recover}) or handed it on. */
    public void owning(boolean owning) {
        recovered = owning;
    }

    /** Rebuilds routing from the records on this instance's engine; safe to run again on a live engine. */
    public void recover() {
        Duration timeout = Duration.ofMinutes(2);
        var queues = repository.queues().await().atMost(timeout);
        var agents = repository.agents().await().atMost(timeout);
        var presence = repository.presence().await().atMost(timeout);
        var routed = repository.routed().await().atMost(timeout);
        var counts = repository.statistics(router.statisticsFrom()).await().atMost(timeout);
        var agentDays = repository.agentDay(router.statisticsFrom()).await().atMost(timeout);
        Instant now = Instant.now();
        queues.forEach(service::restoredQueue);
        List<RoutedRecord> waiting = new ArrayList<>();
        router.restore(engine -> {
            queues.forEach(q -> engine.putQueue(q.profile(), now));
            agents.forEach(a -> engine.putAgent(a.profile(), now));
            presence.forEach(p -> engine.restorePresence(p.agentId(), Presence.valueOf(p.presence()), p.reason(),
                    p.channels(), p.since(), p.readySince(), p.misses()));
            // Nobody has a socket yet after a restart: offers made now are seen only once the agent reconnects.
            agents.forEach(a -> engine.reachable(a.profile().id(), sockets.isConnected(a.profile().id()), now));
            for (RoutedRecord r : routed) {
                if (engine.holder(r.id()).isPresent() || engine.isWaiting(r.id())) {
                    continue;
                }
                boolean held = r.state().equals("ACTIVE") || r.state().equals("WRAP_UP");
                if (held && r.agentId() != null) {
                    engine.restoreHeld(r.agentId(), contact(r), r.answeredAt(),
                            r.state().equals("WRAP_UP") ? (r.wrapUpUntil() != null ? r.wrapUpUntil() : now) : null);
                } else if (!held && r.queueId() != null && r.dueBy() != null) {
                    waiting.add(r);
                }
            }
        }, (statistics, agentDay) -> {
            agentDays.forEach(d -> agentDay.restore(d.agentId(), d.missed(), d.paused(),
                    d.lastState() == null ? null : AgentState.valueOf(d.lastState())));
            for (Row row : counts) {
                QueueStatistics.Counters c = new QueueStatistics.Counters();
                c.answered = row.getLong("answered");
                c.answeredInTarget = row.getLong("answered_in_target");
                c.abandoned = row.getLong("abandoned");
                c.abandonedInTarget = row.getLong("abandoned_in_target");
                c.answerWaitMillis = row.getLong("answer_wait_ms");
                c.handled = row.getLong("handled");
                c.handleMillis = row.getLong("handle_ms");
                statistics.add(row.getLong("queue_id"), Tier.valueOf(row.getString("tier")), c);
            }
        });
        waiting.sort(Comparator.comparing(RoutedRecord::dueBy).thenComparing(RoutedRecord::tier)
                .thenComparing(RoutedRecord::queuedAt).thenComparingLong(RoutedRecord::id));
        router.local(null, () -> true, new RoutingCommand.Requeue(waiting.stream().map(r -> new RoutingCommand.Requeued(
                contact(r), r.state().equals("OFFERED") && r.agentId() != null ? r.agentId() : null)).toList()),
                List.of()).await().atMost(timeout);
        LOG.infof("Routing restored: %d queues, %d agents, %d waiting, %d held", queues.size(), agents.size(),
                waiting.size(), routed.size() - waiting.size());
        for (var p : presence) {
            if (!p.presence().equals(Presence.OFFLINE.name())) {
                router.later(config.socketGrace(), () -> service.graceExpired(p.agentId()));
            }
        }
    }

    private static Contact contact(RoutedRecord r) {
        Instant arrived = r.queuedAt() != null ? r.queuedAt() : r.createdAt();
        return new Contact(r.id(), r.customerId(), r.queueId() == null ? 0 : r.queueId(), r.channel(), r.tier(), arrived,
                r.targetAt() != null ? r.targetAt() : arrived, r.dueBy() != null ? r.dueBy() : arrived,
                r.advisorTeamId(), r.lastAgentId(), r.lastServedAt(), r.direction(), r.teamFirstUntil());
    }
}
