package dev.switchboard.routing.service;

import dev.switchboard.routing.AgentStatus;
import dev.switchboard.routing.QueueStats;
import dev.switchboard.routing.engine.AgentDay;
import dev.switchboard.routing.engine.AgentView;
import dev.switchboard.routing.engine.Contact;
import dev.switchboard.routing.engine.QueueProfile;
import dev.switchboard.routing.engine.QueueStatistics;
import dev.switchboard.routing.engine.RoutingEngine;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A question to routing, as data: what REST resources, sockets and the supervisors' feed read of the engine and
 * today's counters. A query runs on the engine's thread (with that thread's clock) and its answer is plain data
 * (records, lists, maps, numbers), so that, like a {@link dev.switchboard.routing.engine.RoutingCommand}, it can
 * be written as JSON, asked of the instance that runs the engine, and its answer read back. Each record declares
 * its answer's type as the type argument of {@code RoutingQuery}; {@link RoutingCodec} reads it from there.
 *
 * <p>What only the asking instance knows (a caller's data scope, a supervisor's subscription, the work its agent
 * socket holds) stays with the caller, which filters or acts on the answer.
 *
 * @param <R> the answer's type
 */
public sealed interface RoutingQuery<R> {

    /**
     * The answer from the engine, today's counters and agents' day (which begin at {@code statisticsFrom}), at
     * {@code now}; null where the query says so (an unknown agent, a contact nobody holds).
     */
    R answer(RoutingEngine engine, QueueStatistics statistics, AgentDay day, Instant statisticsFrom, Instant now);

    /** A queue's live figures and today's results, for the queue as the caller knows it. */
    record QueueFigures(QueueProfile queue) implements RoutingQuery<QueueStats> {
        @Override
        public QueueStats answer(RoutingEngine engine, QueueStatistics statistics, AgentDay day,
                                 Instant statisticsFrom, Instant now) {
            return RoutingViews.queue(engine, statistics, queue, now, statisticsFrom);
        }
    }

    /** A queue's waiting contacts in the order they will be served. */
    record WaitingContacts(long queueId) implements RoutingQuery<List<Contact>> {
        @Override
        public List<Contact> answer(RoutingEngine engine, QueueStatistics statistics, AgentDay day,
                                    Instant statisticsFrom, Instant now) {
            return engine.waiting(queueId);
        }
    }

    /** Whether routing holds the interaction: waiting, offered, or with an agent. */
    record Tracks(long interactionId) implements RoutingQuery<Boolean> {
        @Override
        public Boolean answer(RoutingEngine engine, QueueStatistics statistics, AgentDay day, Instant statisticsFrom,
                              Instant now) {
            return engine.isWaiting(interactionId) || engine.holder(interactionId).isPresent();
        }
    }

    /** The agent routing gave the interaction to (offered, on it or wrapping up); null when none. */
    record Holder(long interactionId) implements RoutingQuery<Long> {
        @Override
        public Long answer(RoutingEngine engine, QueueStatistics statistics, AgentDay day, Instant statisticsFrom,
                           Instant now) {
            return engine.holder(interactionId).orElse(null);
        }
    }

    /** Every agent's status, by agent id; a caller shows those its data scope oversees. */
    record Agents() implements RoutingQuery<List<AgentStatus>> {
        @Override
        public List<AgentStatus> answer(RoutingEngine engine, QueueStatistics statistics, AgentDay day,
                                        Instant statisticsFrom, Instant now) {
            return engine.agents().stream().sorted(Comparator.comparingLong(a -> a.profile().id()))
                    .map(a -> RoutingViews.agent(a, now, day)).toList();
        }
    }

    /** One agent's status; null for an agent routing does not know. */
    record Agent(long agentId) implements RoutingQuery<AgentStatus> {
        @Override
        public AgentStatus answer(RoutingEngine engine, QueueStatistics statistics, AgentDay day,
                                  Instant statisticsFrom, Instant now) {
            return engine.agentView(agentId).map(a -> RoutingViews.agent(a, now, day)).orElse(null);
        }
    }

    /**
     * What the agent's socket shows it: its status and its routing state, whose offers it replays; null for an
     * agent routing does not know.
     */
    record AgentLine(long agentId) implements RoutingQuery<AgentSeen> {
        @Override
        public AgentSeen answer(RoutingEngine engine, QueueStatistics statistics, AgentDay day,
                                Instant statisticsFrom, Instant now) {
            return engine.agentView(agentId).map(v -> new AgentSeen(v, RoutingViews.agent(v, now, day)))
                    .orElse(null);
        }
    }

    /**
     * Every queue's and agent's figures, for a supervisor's snapshot; with {@code served}, also which queues each
     * agent serves, for subscriptions by queue.
     */
    record SupervisorSnapshot(boolean served) implements RoutingQuery<SupervisorFigures> {
        @Override
        public SupervisorFigures answer(RoutingEngine engine, QueueStatistics statistics, AgentDay day,
                                        Instant statisticsFrom, Instant now) {
            return SupervisorFigures.of(engine, statistics, day, statisticsFrom, now, null, null, served);
        }
    }

    /**
     * The figures that changed, for the supervisors' periodic delta: the queues listed and those that agents whose
     * state changed serve (their agent counts changed), and the agents listed; with {@code served} as in the
     * snapshot.
     */
    record SupervisorDelta(Set<Long> queueIds, Set<Long> agentIds, Set<Long> changedAgentIds, boolean served)
            implements RoutingQuery<SupervisorFigures> {
        @Override
        public SupervisorFigures answer(RoutingEngine engine, QueueStatistics statistics, AgentDay day,
                                        Instant statisticsFrom, Instant now) {
            Set<Long> affected = new HashSet<>(queueIds);
            for (long agentId : changedAgentIds) {
                engine.agentView(agentId).ifPresent(a -> engine.queues().stream()
                        .filter(q -> RoutingViews.serves(q, a)).forEach(q -> affected.add(q.id())));
            }
            return SupervisorFigures.of(engine, statistics, day, statisticsFrom, now, affected, agentIds, served);
        }
    }

    /** An agent as its socket sees it: the engine's copy of its state and its status. */
    record AgentSeen(AgentView view, AgentStatus status) {
    }

    /**
     * Queues' and agents' figures at {@code at}, by id.
     *
     * @param servedBy the queues each agent serves (its teams and skills), when asked for; else empty
     */
    record SupervisorFigures(Instant at, List<QueueStats> queues, List<AgentStatus> agents,
                             Map<Long, Set<Long>> servedBy) {

        /** The figures of the given queues and agents (all when null). */
        static SupervisorFigures of(RoutingEngine engine, QueueStatistics statistics, AgentDay day,
                                    Instant statisticsFrom, Instant now, Set<Long> queueIds, Set<Long> agentIds,
                                    boolean served) {
            List<QueueProfile> profiles = List.copyOf(engine.queues());
            List<QueueStats> queues = profiles.stream().filter(q -> queueIds == null || queueIds.contains(q.id()))
                    .sorted(Comparator.comparingLong(QueueProfile::id))
                    .map(q -> RoutingViews.queue(engine, statistics, q, now, statisticsFrom)).toList();
            Map<Long, Set<Long>> servedBy = new HashMap<>();
            List<AgentStatus> agents = engine.agents().stream()
                    .filter(v -> agentIds == null || agentIds.contains(v.profile().id()))
                    .sorted(Comparator.comparingLong(v -> v.profile().id()))
                    .map(v -> {
                        if (served) {
                            servedBy.put(v.profile().id(), servedQueues(profiles, v));
                        }
                        return RoutingViews.agent(v, now, day);
                    }).toList();
            return new SupervisorFigures(now, queues, agents, servedBy);
        }

        private static Set<Long> servedQueues(List<QueueProfile> queues, AgentView agent) {
            Set<Long> ids = new HashSet<>();
            for (QueueProfile q : queues) {
                if (RoutingViews.serves(q, agent)) {
                    ids.add(q.id());
                }
            }
            return ids;
        }
    }
}
