package dev.switchboard.routing.engine;

import dev.switchboard.customer.Tier;
import dev.switchboard.interaction.Channel;
import dev.switchboard.interaction.Direction;

import java.time.Instant;

/**
 * A routable interaction: the channel-neutral contract every channel hands to routing.
 *
 * @param arrivedAt     when it entered the queue; waits are measured from here
 * @param targetAt      arrival + the answer target of (tier, channel); service level counts against it
 * @param dueBy         when it should be answered; the target unless a supervisor changed it
 * @param advisorTeamId the customer's advisor team, or null
 * @param lastAgentId   the agent who last served the customer, or null
 * @param lastServedAt  when that agent did
 * @param direction     INBOUND for a customer's contact; OUTBOUND for a task to contact the customer (a
 *                      call-back): routed alike, but nobody waits on the line
 * @param teamFirstUntil until when only the customer's advisor team may take it, instead of the tier's advisor
 *                      window from arrival; null for the tier's window (a proactive task sets it: hours, not seconds)
 */
public record Contact(long interactionId, long customerId, long queueId, Channel channel, Tier tier,
                      Instant arrivedAt, Instant targetAt, Instant dueBy, Long advisorTeamId, Long lastAgentId,
                      Instant lastServedAt, Direction direction, Instant teamFirstUntil) {

    /** A contact with the tier's advisor window. */
    public Contact(long interactionId, long customerId, long queueId, Channel channel, Tier tier, Instant arrivedAt,
                   Instant targetAt, Instant dueBy, Long advisorTeamId, Long lastAgentId, Instant lastServedAt,
                   Direction direction) {
        this(interactionId, customerId, queueId, channel, tier, arrivedAt, targetAt, dueBy, advisorTeamId, lastAgentId,
                lastServedAt, direction, null);
    }

    /** A customer's contact (the usual case). */
    public Contact(long interactionId, long customerId, long queueId, Channel channel, Tier tier, Instant arrivedAt,
                   Instant targetAt, Instant dueBy, Long advisorTeamId, Long lastAgentId, Instant lastServedAt) {
        this(interactionId, customerId, queueId, channel, tier, arrivedAt, targetAt, dueBy, advisorTeamId, lastAgentId,
                lastServedAt, Direction.INBOUND, null);
    }

    public boolean outbound() {
        return direction == Direction.OUTBOUND;
    }

    public Contact inQueue(long newQueueId) {
        return new Contact(interactionId, customerId, newQueueId, channel, tier, arrivedAt, targetAt, dueBy,
                advisorTeamId, lastAgentId, lastServedAt, direction, teamFirstUntil);
    }

    public Contact dueAt(Instant newDueBy) {
        return new Contact(interactionId, customerId, queueId, channel, tier, arrivedAt, targetAt, newDueBy,
                advisorTeamId, lastAgentId, lastServedAt, direction, teamFirstUntil);
    }
}
