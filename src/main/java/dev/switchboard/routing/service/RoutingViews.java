package dev.switchboard.routing.service;

import dev.switchboard.customer.Tier;
import dev.switchboard.routing.AgentStatus;
import dev.switchboard.routing.QueueStats;
import dev.switchboard.routing.engine.AgentDay;
import dev.switchboard.routing.engine.AgentState;
import dev.switchboard.routing.engine.AgentView;
import dev.switchboard.routing.engine.Contact;
import dev.switchboard.routing.engine.Presence;
import dev.switchboard.routing.engine.QueueProfile;
import dev.switchboard.routing.engine.QueueStatistics;
import dev.switchboard.routing.engine.RoutingEngine;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Builds the figures supervisors see from the engine's state and today's counters. */
public final class RoutingViews {

    private RoutingViews() {
    }

    /** The agent as supervisors see it; {@code day} gives its misses and pauses today. */
    public static AgentStatus agent(AgentView a, Instant now, AgentDay day) {
        List<AgentStatus.Work> work = a.held().stream().map(h -> new AgentStatus.Work(h.contact().interactionId(),
                h.contact().customerId(), h.contact().queueId(), h.contact().channel(), h.contact().tier().name(),
                h.phase(), h.until())).toList();
        return new AgentStatus(a.profile().id(), a.profile().name(), a.profile().teamId(), a.presence(), a.reason(),
                a.presentChannels(), a.state(), a.stateSince(), Duration.between(a.stateSince(), now).toSeconds(),
                a.usedCapacity(), a.profile().capacity(), work, day.missed(a.profile().id()),
                day.paused(a.profile().id()));
    }

    public static QueueStats queue(RoutingEngine engine, QueueStatistics statistics, QueueProfile q, Instant now,
                                   Instant periodStart) {
        List<Contact> waiting = engine.waiting(q.id());
        Map<Tier, QueueStatistics.Counters> counts = statistics.of(q.id());
        Map<Tier, QueueStats.Figures> byTier = new EnumMap<>(Tier.class);
        for (Tier tier : Tier.values()) {
            List<Contact> ofTier = waiting.stream().filter(c -> c.tier() == tier).toList();
            byTier.put(tier, figures(ofTier, counts.get(tier), now));
        }
        QueueStats.Figures total = figures(waiting, QueueStatistics.total(counts), now);
        int staffed = 0, available = 0, onContact = 0, wrapUp = 0, paused = 0;
        for (AgentView a : engine.agents()) {
            if (a.presence() == Presence.OFFLINE || !serves(q, a)) {
                continue;
            }
            staffed++;
            if (a.state() == AgentState.AVAILABLE) {
                available++;
            } else if (a.state() == AgentState.ON_CONTACT) {
                onContact++;
            } else if (a.state() == AgentState.WRAP_UP) {
                wrapUp++;
            } else if (a.state() == AgentState.PAUSED) {
                paused++;
            }
        }
        return new QueueStats(q.id(), q.name(), now, periodStart, total.waiting(), total.oldestWaitSeconds(),
                new QueueStats.Agents(staffed, available, onContact, wrapUp, paused), total, byTier);
    }

    /** Whether the agent is one of the queue's own: in its teams and holding its skills. */
    public static boolean serves(QueueProfile q, AgentView a) {
        if (!q.teams().isEmpty() && !q.teams().contains(a.profile().teamId())) {
            return false;
        }
        for (Map.Entry<String, Integer> need : q.skills().entrySet()) {
            if (a.profile().skills().getOrDefault(need.getKey(), 0) < need.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static QueueStats.Figures figures(List<Contact> waiting, QueueStatistics.Counters c, Instant now) {
        long oldest = waiting.stream().map(Contact::arrivedAt).min(Instant::compareTo)
                .map(t -> Duration.between(t, now).toSeconds()).orElse(0L);
        long left = c.answered + c.abandoned;
        return new QueueStats.Figures(waiting.size(), oldest, c.answered, c.answeredInTarget, c.abandoned,
                c.abandonedInTarget,
                left == 0 ? null : (double) (c.answeredInTarget + c.abandonedInTarget) / left,
                left == 0 ? null : (double) c.abandoned / left,
                c.answered == 0 ? null : c.answerWaitMillis / 1000.0 / c.answered,
                c.handled == 0 ? null : c.handleMillis / 1000.0 / c.handled);
    }
}
