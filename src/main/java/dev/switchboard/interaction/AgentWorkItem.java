package dev.switchboard.interaction;

import dev.switchboard.customer.Tier;
import java.time.OffsetDateTime;

/**
 * One line of an agent's own work list: the interaction, its customer's name and tier, and its
 * last touchpoint (time, kind and the start of its content).
 */
public record AgentWorkItem(long id, Channel channel, Direction direction, InteractionState state, long customerId,
                            String customerName, Tier customerTier, Long queueId, Long agentId,
                            OffsetDateTime createdAt, OffsetDateTime answeredAt, OffsetDateTime endedAt,
                            String disposition, OffsetDateTime lastTouchpointAt, String lastTouchpointKind,
                            String lastTouchpointContent) {
}
