package dev.switchboard.routing.endpoint;

import dev.switchboard.routing.AgentStatus;
import dev.switchboard.routing.QueueStats;
import dev.switchboard.routing.service.RoutingQuery;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The figures of one snapshot or delta, copied from routing, written as a frame per subscription.
 *
 * @param servedBy the queues each agent serves (its teams and skills), when a subscription names queues
 */
record SupervisorView(Instant at, List<QueueStats> queues, List<AgentStatus> agents, Map<Long, Set<Long>> servedBy) {

    static SupervisorView of(RoutingQuery.SupervisorFigures figures) {
        return new SupervisorView(figures.at(), figures.queues(), figures.agents(), figures.servedBy());
    }

    /**
     * What a supervisor's socket shows: the queues listed (all when empty) and the agents of the teams
     * listed or serving the queues listed (all when both are empty).
     */
    record Subscription(Set<Long> queueIds, Set<Long> teamIds, Set<Long> scopeQueues, Set<Long> scopeAgents) {
        static final Subscription ALL = new Subscription(Set.of(), Set.of(), null, null);

        /**
         * Everything the supervisor's data scope lets it oversee: the queues and agents listed (null for no limit).
         */
        static Subscription within(Set<Long> scopeQueues, Set<Long> scopeAgents) {
            return new Subscription(Set.of(), Set.of(), scopeQueues, scopeAgents);
        }

        /** The queues and teams asked for, within this subscription's scope. */
        Subscription narrowed(Set<Long> queues, Set<Long> teams) {
            return new Subscription(queues, teams, scopeQueues, scopeAgents);
        }

        boolean all() {
            return queueIds.isEmpty() && teamIds.isEmpty();
        }

        boolean showsQueue(long queueId) {
            return (scopeQueues == null || scopeQueues.contains(queueId))
                    && (queueIds.isEmpty() || queueIds.contains(queueId));
        }

        boolean showsAgent(AgentStatus agent, Set<Long> served) {
            if (scopeAgents != null && !scopeAgents.contains(agent.agentId())) {
                return false;
            }
            if (all() || (agent.teamId() != null && teamIds.contains(agent.teamId()))) {
                return true;
            }
            if (served != null) {
                for (Long q : served) {
                    if (queueIds.contains(q)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** The frame as the subscription sees it; null for a delta that has nothing it shows. */
    String frame(String type, Subscription subscription) {
        JsonArray q = new JsonArray(new ArrayList<>());
        for (QueueStats stats : queues) {
            if (subscription.showsQueue(stats.queueId())) {
                q.add(JsonObject.mapFrom(stats));
            }
        }
        JsonArray a = new JsonArray(new ArrayList<>());
        for (AgentStatus agent : agents) {
            if (subscription.showsAgent(agent, servedBy.get(agent.agentId()))) {
                a.add(JsonObject.mapFrom(agent));
            }
        }
        if (type.equals("delta") && q.isEmpty() && a.isEmpty()) {
            return null;
        }
        return new JsonObject().put("type", type).put("at", at.toString()).put("queues", q).put("agents", a)
                .encode();
    }
}
