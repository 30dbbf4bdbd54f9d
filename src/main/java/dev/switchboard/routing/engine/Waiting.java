package dev.switchboard.routing.engine;

import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;

/** A contact inside the engine, with what routing learnt about it while it waits. */
final class Waiting {

    /** Earliest due-by first; ties to the higher tier, then the older contact. */
    static final Comparator<Waiting> ORDER = Comparator.<Waiting, java.time.Instant>comparing(w -> w.contact.dueBy())
            .thenComparing(w -> w.contact.tier().ordinal())
            .thenComparing(w -> w.contact.arrivedAt())
            .thenComparingLong(w -> w.contact.interactionId());

    Contact contact;
    /** 0 in its own queue's teams; 1 once widened to the overflow teams. */
    int overflowStage;
    /** A supervisor sent it to this agent only, or null. */
    Long pinnedAgentId;
    /** Agents that declined it or let its offer expire; they are not offered it again. */
    final Set<Long> refusedBy = new HashSet<>();
    /** Agents whose offer of it expired unseen (no socket): eligible again once they connect. */
    final Set<Long> undeliveredTo = new HashSet<>();
    /** Queues it has been in, so overflow never loops. */
    final Set<Long> visitedQueues = new HashSet<>();

    Waiting(Contact contact) {
        this.contact = contact;
        visitedQueues.add(contact.queueId());
    }
}
