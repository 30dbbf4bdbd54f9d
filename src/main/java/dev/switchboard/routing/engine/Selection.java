package dev.switchboard.routing.engine;

import dev.switchboard.interaction.Channel;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Which agents may take a contact now, and which of them should. */
final class Selection {

    private final RoutingRules rules;

    Selection(RoutingRules rules) {
        this.rules = rules;
    }

    /** The chosen agent and the decision to record, or a null agent when nobody may take it. */
    record Result(AgentSlot agent, RoutingEvent.Decision decision) {
    }

    Result select(Waiting item, QueueProfile queue, Collection<AgentSlot> agents, Instant now) {
        Map<String, Integer> excluded = new TreeMap<>();
        List<AgentSlot> eligible = new ArrayList<>();
        for (AgentSlot agent : agents) {
            String why = exclusion(item, queue, agent, now);
            if (why == null) {
                eligible.add(agent);
            } else {
                excluded.merge(why, 1, Integer::sum);
            }
        }
        if (eligible.isEmpty()) {
            return new Result(null, null);
        }
        Contact c = item.contact;
        eligible.sort(Comparator.<AgentSlot>comparingInt(a -> isLastAgent(c, a, now) ? 0 : 1)
                .thenComparing(a -> a.readySince)
                .thenComparingLong(a -> a.profile.id()));
        AgentSlot best = eligible.get(0);
        String rule;
        if (item.pinnedAgentId != null) {
            rule = "pinned";
        } else if (inAdvisorWindow(c, now)) {
            rule = "advisor-team";
        } else if (isLastAgent(c, best, now)) {
            rule = "last-agent";
        } else {
            rule = "longest-idle";
        }
        List<RoutingEvent.Candidate> candidates = eligible.stream().limit(10)
                .map(a -> new RoutingEvent.Candidate(a.profile.id(), isLastAgent(c, a, now),
                        Duration.between(a.readySince, now)))
                .toList();
        return new Result(best, new RoutingEvent.Decision(rule, agents.size(), excluded, candidates,
                Duration.between(c.arrivedAt(), now)));
    }

    /**
     * Whether the agent could take one more contact of some channel it is present for; when not,
     * no waiting contact need be looked at for it.
     */
    boolean canTakeMore(AgentSlot agent) {
        if (agent.presence != Presence.AVAILABLE
                || (!rules.exclusiveChannels().isEmpty() && agent.holdsAny(rules.exclusiveChannels()))) {
            return false;
        }
        for (Channel channel : agent.presentChannels) {
            if (agent.used() + rules.cost(channel) <= agent.profile.capacity()) {
                return true;
            }
        }
        return false;
    }

    /** The first reason the agent may not take the item now, or null when it may. */
    String exclusion(Waiting item, QueueProfile queue, AgentSlot agent, Instant now) {
        Contact c = item.contact;
        AgentProfile p = agent.profile;
        if (item.pinnedAgentId != null && item.pinnedAgentId != p.id()) {
            return "pinned-elsewhere";
        }
        if (!agent.presentFor(c.channel())) {
            return "not-present";
        }
        if (item.pinnedAgentId == null) {
            if (item.refusedBy.contains(p.id())) {
                return "refused";
            }
            if (!p.clearance().contains(c.tier())) {
                return "tier-clearance";
            }
            for (Map.Entry<String, Integer> need : queue.skills().entrySet()) {
                if (p.skills().getOrDefault(need.getKey(), 0) < need.getValue()) {
                    return "skills";
                }
            }
            if (!inTeams(item, queue, p, now)) {
                return inAdvisorWindow(c, now) ? "advisor-window" : "team";
            }
        }
        if (!rules.exclusiveChannels().isEmpty() && agent.holdsAny(rules.exclusiveChannels())) {
            return "on-call";
        }
        // a call keeps the agent from other work both ways, even where its capacity would leave room
        if (rules.exclusiveChannels().contains(c.channel()) && !agent.loads.isEmpty()) {
            return "busy";
        }
        if (agent.used() + rules.cost(c.channel()) > p.capacity()) {
            return "capacity";
        }
        return null;
    }

    private boolean inTeams(Waiting item, QueueProfile queue, AgentProfile p, Instant now) {
        Contact c = item.contact;
        if (inAdvisorWindow(c, now)) {
            return c.advisorTeamId().equals(p.teamId());
        }
        if (queue.teams().isEmpty() || queue.teams().contains(p.teamId())) {
            return true;
        }
        return item.overflowStage > 0 && queue.overflowTeams().contains(p.teamId());
    }

    boolean inAdvisorWindow(Contact c, Instant now) {
        return c.advisorTeamId() != null && now.isBefore(rules.advisorWindowEnd(c));
    }

    private boolean isLastAgent(Contact c, AgentSlot agent, Instant now) {
        return c.lastAgentId() != null && c.lastAgentId() == agent.profile.id() && c.lastServedAt() != null
                && !c.lastServedAt().plus(rules.lastAgentWindow()).isBefore(now);
    }
}
