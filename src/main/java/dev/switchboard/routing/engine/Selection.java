package dev.switchboard.routing.engine;

import dev.switchboard.interaction.Channel;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Which agents may take a contact now, and which of them should. */
final class Selection {

    private static final int PINNED_ELSEWHERE = 0;
    private static final int NOT_PRESENT = 1;
    private static final int REFUSED = 2;
    private static final int TIER_CLEARANCE = 3;
    private static final int SKILLS = 4;
    private static final int ADVISOR_WINDOW = 5;
    private static final int TEAM = 6;
    private static final int ON_CALL = 7;
    private static final int BUSY = 8;
    private static final int CAPACITY = 9;
    /** The reasons an agent is left out of a decision, by the codes above, as the decision records them. */
    private static final String[] REASONS = {"pinned-elsewhere", "not-present", "refused", "tier-clearance", "skills",
            "advisor-window", "team", "on-call", "busy", "capacity"};
    /** How many eligible agents a decision lists. */
    private static final int CANDIDATES = 10;

    private final RoutingRules rules;
    /** The exclusive channels (calls) as bits by ordinal. */
    private final int exclusiveMask;

    Selection(RoutingRules rules) {
        this.rules = rules;
        this.exclusiveMask = AgentSlot.mask(rules.exclusiveChannels());
    }

    /** The chosen agent and the decision to record, or a null agent when nobody may take it. */
    record Result(AgentSlot agent, RoutingEvent.Decision decision) {
    }

    Result select(Waiting item, QueueProfile queue, Collection<AgentSlot> agents, Instant now) {
        Probe probe = probe(item, queue, now);
        int[] excludedBy = new int[REASONS.length];
        // The ten best eligible agents in decision order (best first), and how many are eligible in all.
        AgentSlot[] best = new AgentSlot[CANDIDATES];
        int ranked = 0;
        int eligible = 0;
        for (AgentSlot agent : agents) {
            int why = probe.exclusionCode(agent);
            if (why >= 0) {
                excludedBy[why]++;
                continue;
            }
            eligible++;
            if (ranked < CANDIDATES || probe.before(agent, best[CANDIDATES - 1])) {
                int at = Math.min(ranked, CANDIDATES - 1);
                while (at > 0 && probe.before(agent, best[at - 1])) {
                    best[at] = best[at - 1];
                    at--;
                }
                best[at] = agent;
                ranked = Math.min(ranked + 1, CANDIDATES);
            }
        }
        if (eligible == 0) {
            return new Result(null, null);
        }
        Map<String, Integer> excluded = new TreeMap<>();
        for (int i = 0; i < REASONS.length; i++) {
            if (excludedBy[i] > 0) {
                excluded.put(REASONS[i], excludedBy[i]);
            }
        }
        Contact c = item.contact;
        AgentSlot chosen = best[0];
        String rule;
        if (item.pinnedAgentId != null) {
            rule = "pinned";
        } else if (probe.advisorWindow) {
            rule = "advisor-team";
        } else if (probe.isLastAgent(chosen)) {
            rule = "last-agent";
        } else {
            rule = "longest-idle";
        }
        List<RoutingEvent.Candidate> candidates = new ArrayList<>(ranked);
        for (int i = 0; i < ranked; i++) {
            AgentSlot a = best[i];
            candidates.add(new RoutingEvent.Candidate(a.profile.id(), probe.isLastAgent(a),
                    Duration.between(a.readySince, now)));
        }
        return new Result(chosen, new RoutingEvent.Decision(rule, agents.size(), excluded,
                Collections.unmodifiableList(candidates), Duration.between(c.arrivedAt(), now)));
    }

    /**
     * Whether the agent could take one more contact of some channel it is present for; when not,
     * no waiting contact need be looked at for it.
     */
    boolean canTakeMore(AgentSlot agent) {
        if (agent.presence != Presence.AVAILABLE
                || (exclusiveMask != 0 && agent.holdsAnyOf(exclusiveMask))) {
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
        int why = probe(item, queue, now).exclusionCode(agent);
        return why < 0 ? null : REASONS[why];
    }

    /** What is the same for every agent when one contact is matched against them, worked out once. */
    Probe probe(Waiting item, QueueProfile queue, Instant now) {
        return new Probe(item, queue, now);
    }

    final class Probe {
        private final Waiting item;
        private final QueueProfile queue;
        private final Contact contact;
        private final int channelBit;
        private final int tierBit;
        private final boolean pinned;
        private final long pinnedId;
        private final boolean advisorWindow;
        private final boolean anyTeam;
        private final boolean needsSkills;
        private final boolean exclusiveChannel;
        private final int cost;
        /** The contact's last agent while it still counts as such, or -1 (no agent id is negative). */
        private final long lastAgent;

        private Probe(Waiting item, QueueProfile queue, Instant now) {
            this.item = item;
            this.queue = queue;
            this.contact = item.contact;
            this.channelBit = 1 << contact.channel().ordinal();
            this.tierBit = 1 << contact.tier().ordinal();
            this.pinned = item.pinnedAgentId != null;
            this.pinnedId = pinned ? item.pinnedAgentId : 0;
            this.advisorWindow = inAdvisorWindow(contact, now);
            this.anyTeam = queue.teams().isEmpty();
            this.needsSkills = !queue.skills().isEmpty();
            this.exclusiveChannel = (exclusiveMask & channelBit) != 0;
            this.cost = rules.cost(contact.channel());
            this.lastAgent = contact.lastAgentId() != null && contact.lastServedAt() != null
                    && !contact.lastServedAt().plus(rules.lastAgentWindow()).isBefore(now) ? contact.lastAgentId() : -1;
        }

        /** The first reason the agent may not take the contact now (an index into REASONS), or -1 when it may. */
        int exclusionCode(AgentSlot agent) {
            AgentProfile p = agent.profile;
            if (pinned && pinnedId != p.id()) {
                return PINNED_ELSEWHERE;
            }
            if ((agent.readyMask() & channelBit) == 0) {
                return NOT_PRESENT;
            }
            if (!pinned) {
                if (!item.refusedBy.isEmpty() && item.refusedBy.contains(p.id())) {
                    return REFUSED;
                }
                if ((agent.clearanceMask() & tierBit) == 0) {
                    return TIER_CLEARANCE;
                }
                if (needsSkills && !agent.hasSkillsFor(queue)) {
                    return SKILLS;
                }
                if (!inTeams(p)) {
                    return advisorWindow ? ADVISOR_WINDOW : TEAM;
                }
            }
            if (exclusiveMask != 0 && agent.holdsAnyOf(exclusiveMask)) {
                return ON_CALL;
            }
            // a call keeps the agent from other work both ways, even where its capacity would leave room
            if (exclusiveChannel && !agent.loads.isEmpty()) {
                return BUSY;
            }
            if (agent.used() + cost > p.capacity()) {
                return CAPACITY;
            }
            return -1;
        }

        private boolean inTeams(AgentProfile p) {
            if (advisorWindow) {
                return contact.advisorTeamId().equals(p.teamId());
            }
            if (anyTeam || queue.teams().contains(p.teamId())) {
                return true;
            }
            return item.overflowStage > 0 && queue.overflowTeams().contains(p.teamId());
        }

        boolean isLastAgent(AgentSlot agent) {
            return lastAgent == agent.profile.id();
        }

        /** Decision order: the last agent first, then the longest ready, then the lower id. */
        private boolean before(AgentSlot a, AgentSlot b) {
            boolean lastA = isLastAgent(a);
            if (lastA != isLastAgent(b)) {
                return lastA;
            }
            int byReady = a.readySince.compareTo(b.readySince);
            if (byReady != 0) {
                return byReady < 0;
            }
            return a.profile.id() < b.profile.id();
        }
    }

    boolean inAdvisorWindow(Contact c, Instant now) {
        return c.advisorTeamId() != null && now.isBefore(rules.advisorWindowEnd(c));
    }
}
