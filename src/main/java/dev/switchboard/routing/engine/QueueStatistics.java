package dev.switchboard.routing.engine;

import dev.switchboard.customer.Tier;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Counters of the contacts that left each queue in the current period (answered or abandoned),
 * per tier, from which service level, abandonment, speed of answer and handle time follow.
 */
public final class QueueStatistics {

    /** The counters of one (queue, tier). */
    public static final class Counters {
        public long answered;
        public long answeredInTarget;
        public long abandoned;
        public long abandonedInTarget;
        public long answerWaitMillis;
        public long handled;
        public long handleMillis;

        void add(Counters o) {
            answered += o.answered;
            answeredInTarget += o.answeredInTarget;
            abandoned += o.abandoned;
            abandonedInTarget += o.abandonedInTarget;
            answerWaitMillis += o.answerWaitMillis;
            handled += o.handled;
            handleMillis += o.handleMillis;
        }
    }

    private final Map<Long, Map<Tier, Counters>> byQueue = new HashMap<>();

    /** Counts an event; events that are not about a contact leaving a queue are ignored. */
    public void record(RoutingEvent event) {
        if (event instanceof RoutingEvent.Accepted a) {
            Counters c = counters(a.contact().queueId(), a.contact().tier());
            c.answered++;
            if (!a.contact().arrivedAt().plus(a.waited()).isAfter(a.contact().targetAt())) {
                c.answeredInTarget++;
            }
            c.answerWaitMillis += a.waited().toMillis();
        } else if (event instanceof RoutingEvent.Abandoned a) {
            Counters c = counters(a.contact().queueId(), a.contact().tier());
            c.abandoned++;
            if (!a.contact().arrivedAt().plus(a.waited()).isAfter(a.contact().targetAt())) {
                c.abandonedInTarget++;
            }
        } else if (event instanceof RoutingEvent.WrapUpEnded w) {
            Counters c = counters(w.contact().queueId(), w.contact().tier());
            c.handled++;
            c.handleMillis += w.handled().toMillis();
        }
    }

    /** Adds counts rebuilt from the records (after a restart). */
    public void add(long queueId, Tier tier, Counters counts) {
        counters(queueId, tier).add(counts);
    }

    public void clear() {
        byQueue.clear();
    }

    /** The counters of a queue per tier; tiers with nothing yet are zero. */
    public Map<Tier, Counters> of(long queueId) {
        Map<Tier, Counters> result = new EnumMap<>(Tier.class);
        for (Tier tier : Tier.values()) {
            Counters copy = new Counters();
            copy.add(counters(queueId, tier));
            result.put(tier, copy);
        }
        return result;
    }

    private Counters counters(long queueId, Tier tier) {
        return byQueue.computeIfAbsent(queueId, q -> new EnumMap<>(Tier.class)).computeIfAbsent(tier, t -> new Counters());
    }

    /** Sum of counters, for a queue's all-tier figures. */
    public static Counters total(Map<Tier, Counters> perTier) {
        Counters total = new Counters();
        perTier.values().forEach(total::add);
        return total;
    }
}
